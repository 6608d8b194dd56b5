//! Who is signed in: checked once at start-up with `/api/me`, set by the login page, cleared by
//! sign-out. Every page but the sign-in form needs a session. Once signed in, the names of the
//! customs offices are loaded once from the catalog ([`use_names`]), to label office codes.

use leptos::prelude::*;
use portal_core::api::{Me, Role};

use crate::api;
use crate::i18n::Key;
use crate::labels::Names;

/// The session state shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    me: RwSignal<Option<Me>>,
    checked: RwSignal<bool>,
    names: RwSignal<Names>,
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
        self.load_names();
    }

    /// Loads the office names (labels only: the page works with codes while they load).
    fn load_names(&self) {
        let names = self.names;
        leptos::task::spawn_local(async move {
            match api::catalog().await {
                Ok(c) => names.set(Names::new(&c.offices)),
                Err(e) => leptos::logging::warn!("office names not loaded: {e}"),
            }
        });
    }

    /// Names of codes (tracked).
    pub fn names(&self) -> Names {
        self.names.get()
    }

    /// Records that the session ended elsewhere (sign out everywhere): back to the sign-in.
    pub fn signed_out(&self) {
        self.me.set(None);
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
        names: RwSignal::new(Names::default()),
    };
    provide_context(s);
    leptos::task::spawn_local(async move {
        if let Ok(me) = api::me().await {
            s.me.set(Some(me));
            s.load_names();
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

/// The names of codes, from the session context (tracked).
pub fn use_names() -> Signal<Names> {
    let s = use_session();
    Signal::derive(move || s.names())
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
