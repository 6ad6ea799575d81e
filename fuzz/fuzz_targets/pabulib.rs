//! Fuzz the Pabulib reader: arbitrary bytes must give `Ok` or a `PbError`, never a panic.
//! On success, also check the writer round trip (`parse(write(f)) == f`) and that building
//! the tally-ready election and running the cheap rules doesn't panic.
#![no_main]

use agora_tally::budget::{Election, GreedyVariant, greedy};
use agora_tally::pabulib;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = pabulib::parse(text) else {
        return;
    };
    let again = pabulib::parse(&pabulib::write(&file)).expect("written file parses");
    assert_eq!(again, file, "round trip");
    if let Ok(e) = Election::from_pb(&file) {
        if e.projects.len() <= 64 && e.ballots.len() <= 256 {
            let _ = greedy(&e, GreedyVariant::Skip, None);
            let _ = greedy(&e, GreedyVariant::Threshold, None);
        }
    }
});
