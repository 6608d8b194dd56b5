//! The data subcommands of `portal`: `generate`, `partition`, `import-cdd` and `profile`.

use std::time::Instant;

use super::blocking;
use portal_core::datasets::IMPORT_DECLARATION;

use crate::cli::{GenerateOptions, ImportCddOptions, PartitionOptions, ProfileOptions};
use crate::data::profile::{CddProfile, Profile};
use crate::data::reference::{find_reference_dir, read_hs};
use crate::data::{cdd_import, datasets_of, derive_profile, generate as gen_data, partition_write};
use crate::error::{Error, ErrorCode};

/// The profile of `--profile FILE`, else the built-in one.
fn profile_of(file: Option<&std::path::Path>) -> Result<Profile, Error> {
    let Some(file) = file else {
        return Profile::builtin();
    };
    let text = std::fs::read_to_string(file).map_err(|e| {
        Error::client(
            ErrorCode::InvalidInput,
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    let table: CddProfile = serde_json::from_str(&text).map_err(|e| {
        Error::client(
            ErrorCode::InvalidInput,
            format!("{}: not a profile: {e}", file.display()),
        )
    })?;
    Ok(Profile::new(table))
}

/// `portal generate`: prints one line per dataset with its row count.
pub async fn generate(opts: GenerateOptions) -> Result<(), Error> {
    let started = Instant::now();
    let out = opts.out.clone();
    let summary = blocking(move || {
        let profile = profile_of(opts.profile.as_deref())?;
        gen_data::generate_chunked(
            &profile,
            opts.declarations,
            opts.seed,
            &opts.out,
            true,
            usize::from(opts.chunks),
        )
    })
    .await?;
    for (name, rows) in &summary.rows {
        println!("{name}\t{rows}");
    }
    if opts.partitioned {
        print_partitioned(&partition_write::partition_all(&out, partition_write::MIN_ROWS).await?);
    }
    println!("elapsed\t{:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// `portal partition`: prints one line per dataset partitioned, with its files and rows.
pub async fn partition(opts: PartitionOptions) -> Result<(), Error> {
    let started = Instant::now();
    if !opts.data_dir.is_dir() {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!("{} is not a folder", opts.data_dir.display()),
        ));
    }
    let dir = datasets_of(&opts.data_dir, IMPORT_DECLARATION.name);
    let done = partition_write::partition_all(&dir, opts.min_rows).await?;
    if done.is_empty() {
        println!(
            "no flat dataset of at least {} rows with date and office columns in {}",
            opts.min_rows,
            dir.display()
        );
    }
    print_partitioned(&done);
    println!("elapsed\t{:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

fn print_partitioned(done: &[partition_write::Partitioned]) {
    for p in done {
        println!(
            "{}\tpartitioned\t{} files\t{} rows",
            p.dataset, p.files, p.rows
        );
    }
}

/// `portal import-cdd`: prints the rows imported per split.
pub async fn import_cdd(opts: ImportCddOptions) -> Result<(), Error> {
    let counts = blocking(move || {
        let hs_path = opts.hs.clone().unwrap_or_else(|| {
            opts.from
                .join("..")
                .join("hs")
                .join("harmonized-system.csv")
        });
        let descriptions = if hs_path.is_file() {
            read_hs(&hs_path)?.subheadings.into_iter().collect()
        } else {
            Profile::builtin()?.texts().subheadings.clone()
        };
        cdd_import::import_cdd(&opts.from, &opts.out, &descriptions)
    })
    .await?;
    for (split, rows) in counts {
        println!("{split}\t{rows}");
    }
    Ok(())
}

/// `portal profile`: derives the generator's profile from the reference data and writes it
/// (the committed `server/profile/cdd-profile.json` is this command's output).
pub async fn profile(opts: ProfileOptions) -> Result<(), Error> {
    let reference = opts
        .reference_dir
        .clone()
        .or_else(find_reference_dir)
        .ok_or_else(|| {
            Error::client(
                ErrorCode::InvalidInput,
                "no reference data: pass --reference-dir (the folder with cdd/ and hs/)",
            )
        })?;
    blocking(move || {
        let table = derive_profile(&reference)?;
        let json = serde_json::to_string(&table)
            .map_err(|e| Error::internal("encoding the profile", e))?;
        std::fs::write(&opts.out, format!("{json}\n")).map_err(|e| {
            Error::client(
                ErrorCode::InvalidInput,
                format!("cannot write {}: {e}", opts.out.display()),
            )
        })?;
        println!(
            "declarations\t{}\nhs6\t{}\ngroups\t{}",
            table.rows,
            table.hs6.len(),
            table.groups.len()
        );
        Ok(())
    })
    .await
}
