//! Poll methods on a million ranked ballots: `cargo bench -p agora-tally --bench poll`.
//!
//! Ballots come from a seeded xorshift generator, in two shapes:
//! - `full`: uniformly random complete rankings of 20 options (almost no two alike: the worst case
//!   for merging identical ballots);
//! - `truncated`: rankings of 1 to 5 options drawn with a bias towards popular options (many
//!   identical ballots, as in real polls).
//!
//! Each measurement is the whole call: validation, merging identical ballots, and the count.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use agora_tally::poll::{IrvTieBreak, RankedBallot, instant_runoff, schulze, stv};

const OPTIONS: usize = 20;
const BALLOTS: usize = 1_000_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn full_rankings(seed: u64) -> Vec<RankedBallot> {
    let mut rng = Rng(seed);
    (0..BALLOTS)
        .map(|_| {
            let mut r: Vec<usize> = (0..OPTIONS).collect();
            for i in (1..OPTIONS).rev() {
                r.swap(i, rng.below(i + 1));
            }
            RankedBallot::new(r)
        })
        .collect()
}

fn truncated_rankings(seed: u64) -> Vec<RankedBallot> {
    let mut rng = Rng(seed);
    (0..BALLOTS)
        .map(|_| {
            let len = 1 + rng.below(5);
            let mut r = Vec::with_capacity(len);
            while r.len() < len {
                // Option k is drawn with weight about 1 / (k + 1).
                let o = rng.below(OPTIONS).min(rng.below(OPTIONS));
                if !r.contains(&o) {
                    r.push(o);
                }
            }
            RankedBallot::new(r)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let full = full_rankings(0x9E37_79B9_7F4A_7C15);
    let truncated = truncated_rankings(0xD1B5_4A32_D192_ED03);
    let mut g = c.benchmark_group("poll_1M_ballots_20_options");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("schulze/full", |b| {
        b.iter(|| schulze(OPTIONS, black_box(&full)))
    });
    g.bench_function("schulze/truncated", |b| {
        b.iter(|| schulze(OPTIONS, black_box(&truncated)))
    });
    g.bench_function("irv/full", |b| {
        b.iter(|| instant_runoff(OPTIONS, black_box(&full), IrvTieBreak::Backward))
    });
    g.bench_function("irv/truncated", |b| {
        b.iter(|| instant_runoff(OPTIONS, black_box(&truncated), IrvTieBreak::Backward))
    });
    g.bench_function("stv_5_seats/full", |b| {
        b.iter(|| stv(OPTIONS, black_box(&full), 5))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
