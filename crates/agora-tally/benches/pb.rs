//! Participatory-budgeting benchmarks on the real Pabulib files (Faliszewski et al.,
//! "Participatory Budgeting: Data, Tools, and Analysis", IJCAI 2023; pabulib.org).
//!
//! `cargo bench -p agora-tally --bench pb` — the files are read from `AGORA_PABULIB_DIR`
//! (default `../../../shared/data/pabulib` from this crate); when they are absent the
//! benchmarks are skipped. `PB_BENCH_FILES=Warszawa,Assen` limits the files.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use agora_tally::budget::{
    Completion, Election, GreedyVariant, MesOptions, greedy, max_supporters, mes, phragmen,
};
use agora_tally::pabulib;
use criterion::{Criterion, criterion_group, criterion_main};

fn files() -> Vec<(String, PathBuf)> {
    let dir = std::env::var_os("AGORA_PABULIB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pabulib")
        });
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} not found", dir.display());
        return Vec::new();
    };
    let filter = std::env::var("PB_BENCH_FILES").ok();
    let mut out: Vec<(String, PathBuf)> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pb"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            let keep = filter
                .as_ref()
                .is_none_or(|f| f.split(',').any(|k| stem.contains(k.trim())));
            keep.then_some((stem, p))
        })
        .collect();
    out.sort();
    out
}

fn bench_pb(c: &mut Criterion) {
    for (name, path) in files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(file) = pabulib::parse(&text) else {
            eprintln!("skipped {name}: does not parse");
            continue;
        };
        let Ok(e) = Election::from_pb(&file) else {
            continue;
        };
        let mut g = c.benchmark_group(name.clone());
        g.sample_size(10);
        g.bench_function("parse", |b| b.iter(|| pabulib::parse(black_box(&text))));
        g.bench_function("parse+greedy", |b| {
            b.iter(|| {
                let f = pabulib::parse(black_box(&text)).ok()?;
                let e = Election::from_pb(&f).ok()?;
                Some(greedy(&e, GreedyVariant::Threshold, None))
            })
        });
        g.bench_function("mes", |b| {
            b.iter(|| mes(black_box(&e), MesOptions::plain()))
        });
        g.bench_function("mes-add1", |b| {
            b.iter(|| mes(black_box(&e), MesOptions::with(Completion::Add1)))
        });
        g.bench_function("phragmen", |b| b.iter(|| phragmen(black_box(&e))));
        g.bench_function("max-supporters", |b| {
            b.iter(|| max_supporters(black_box(&e)))
        });
        g.finish();
    }
}

criterion_group!(benches, bench_pb);
criterion_main!(benches);
