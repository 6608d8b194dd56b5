//! The data subcommands of `portal`: `generate` and `import-cdd`.

use std::time::Instant;

use crate::cli::{GenerateOptions, ImportCddOptions};
use crate::data::reference::{HsNomenclature, find_reference_dir, read_hs};
use crate::data::{cdd_import, generate as gen_data, load_profile};
use crate::error::Error;

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::internal("running a blocking task", e))?
}

/// `portal generate`: prints one line per dataset with its row count.
pub async fn generate(opts: GenerateOptions) -> Result<(), Error> {
    let reference = opts.reference_dir.clone().or_else(find_reference_dir);
    let started = Instant::now();
    let summary = blocking(move || {
        let profile = load_profile(reference.as_deref())?;
        gen_data::generate(&profile, opts.declarations, opts.seed, &opts.out, true)
    })
    .await?;
    for (name, rows) in &summary.rows {
        println!("{name}\t{rows}");
    }
    println!("elapsed\t{:.1}s", started.elapsed().as_secs_f64());
    Ok(())
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
        let hs = if hs_path.is_file() {
            read_hs(&hs_path)?
        } else {
            HsNomenclature::default()
        };
        cdd_import::import_cdd(&opts.from, &opts.out, &hs)
    })
    .await?;
    for (split, rows) in counts {
        println!("{split}\t{rows}");
    }
    Ok(())
}
