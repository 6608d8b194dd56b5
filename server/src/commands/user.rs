//! `portal user add`: creates an account from the command line — the first administrator of a
//! new installation, or any account when the web page is out of reach. The password is read
//! from standard input (one line), never from the command line, and the policy applies; the
//! account and its audit row commit together.

use std::io::BufRead;

use portal_core::accounts::NewUser;
use portal_core::api::{ErrorCode, Role};

use crate::audit::Who;
use crate::cli::{UserAddOptions, UserCommand};
use crate::error::Error;

/// Runs a `portal user` command.
pub async fn user(cmd: UserCommand) -> Result<(), Error> {
    match cmd {
        UserCommand::Add(opts) => add(opts).await,
    }
}

async fn add(opts: UserAddOptions) -> Result<(), Error> {
    let role = Role::parse(&opts.role).ok_or_else(|| {
        Error::client(
            ErrorCode::BadRequest,
            format!("role must be one of {}", Role::NAMES.join(", ")),
        )
    })?;
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| Error::internal("reading the password", e))?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    let db_path = opts
        .db
        .clone()
        .unwrap_or_else(|| opts.data_dir.join("portal.db"));
    let db = crate::db::open(&db_path).await?;
    let who = Who {
        user_id: None,
        username: Some("portal user add"),
        address: None,
    };
    let new = NewUser {
        username: opts.username.clone(),
        display_name: opts.display_name.clone(),
        role,
        office_code: opts.office.clone(),
        password,
    };
    let id = crate::accounts::create_user(&db, who, &new).await?;
    println!("account {} ({}) created with id {id}", opts.username, role);
    Ok(())
}
