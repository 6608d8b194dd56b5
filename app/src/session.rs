//! Who is signed in: checked once at start-up with `/api/me`, set by the login page, cleared by
//! sign-out. Every page but the sign-in form needs a session.

use leptos::prelude::*;
use portal_core::api::{Me, Role};

use crate::api;
use crate::i18n::Key;

/// The session state shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    me: RwSignal<Option<Me>>,
    checked: RwSignal<bool>,
}

impl Session {
    /// The signed-in user (tracked).
    pub fn me(&self) -> Option<Me> {
        self.me.get()
    }

    /// Whether the start-up check has answered (tracked).
    pub fn checked(&self) -> bool {
        self.checked.get()
    }

    /// Records a successful sign-in.
    pub fn signed_in(&self, me: Me) {
        self.me.set(Some(me));
        self.checked.set(true);
    }

    /// Signs out on the server, then forgets the user.
    pub fn sign_out(&self) {
        let me = self.me;
        leptos::task::spawn_local(async move {
            if let Err(e) = api::logout().await {
                leptos::logging::warn!("sign-out failed: {e}");
            }
            me.set(None);
        });
    }
}

/// Provides the session context and starts the `/api/me` check.
pub fn provide_session() -> Session {
    let s = Session {
        me: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(s);
    leptos::task::spawn_local(async move {
        if let Ok(me) = api::me().await {
            s.me.set(Some(me));
        }
        s.checked.set(true);
    });
    s
}

/// The session context.
///
/// # Panics
/// Outside the component tree of [`crate::App`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Label key of a role.
pub fn role_key(role: Role) -> Key {
    match role {
        Role::Analyst => Key::RoleAnalyst,
        Role::Reviewer => Key::RoleReviewer,
        Role::Bureau => Key::RoleBureau,
        Role::Admin => Key::RoleAdmin,
    }
}
