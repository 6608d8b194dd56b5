//! The five-step progress tracker of an analysis request (분석신청 → … → 분석완료).

use leptos::prelude::*;
use portal_core::workflow::RequestState;

use crate::i18n::{Key, use_i18n};

/// The five steps, in order.
pub const STEPS: [Key; 5] = [
    Key::StepApplied,
    Key::StepReview,
    Key::StepBureau,
    Key::StepAnalysis,
    Key::StepDone,
];

/// The label of a state: its step, or the side state's own name.
pub fn state_key(state: RequestState) -> Key {
    match state {
        RequestState::Rejected => Key::StateRejected,
        RequestState::Withdrawn => Key::StateWithdrawn,
        RequestState::NeedsChanges => Key::StateNeedsChanges,
        s => STEPS[usize::from(s.step()) - 1],
    }
}

/// An ordered list of the five steps; steps reached are marked done, the current one with
/// `aria-current="step"`.
#[component]
pub fn Tracker(
    /// The request's state.
    state: RequestState,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = usize::from(state.step());
    view! {
        <ol class="tracker" aria-label=move || i18n.t(Key::ReqProgress) data-state=state.as_str()>
            {STEPS.iter().enumerate().map(|(i, key)| {
                let n = i + 1;
                let class = if n < current || state == RequestState::Completed { "done" } else if n == current { "current" } else { "" };
                let key = *key;
                view! {
                    <li class=class aria-current=(n == current).then_some("step")>{move || i18n.t(key)}</li>
                }
            }).collect_view()}
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_label_as_their_step_or_their_own_name() {
        assert_eq!(state_key(RequestState::Applied), Key::StepApplied);
        assert_eq!(state_key(RequestState::Cooperating), Key::StepBureau);
        assert_eq!(state_key(RequestState::Completed), Key::StepDone);
        assert_eq!(state_key(RequestState::Rejected), Key::StateRejected);
        assert_eq!(
            state_key(RequestState::NeedsChanges),
            Key::StateNeedsChanges
        );
    }
}
