//! Exact rational numbers for tie-sensitive comparisons.

use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

/// An exact fraction for explanations: numerator and denominator as decimal strings
/// (they can exceed 64 bits), plus the nearest `f64`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fraction {
    pub num: String,
    pub den: String,
    pub approx: f64,
}

impl Fraction {
    pub fn from_big(r: &BigRational) -> Fraction {
        Fraction {
            num: r.numer().to_string(),
            den: r.denom().to_string(),
            approx: to_f64(r),
        }
    }
}

pub(crate) fn to_f64(r: &BigRational) -> f64 {
    if r.is_zero() {
        return 0.0;
    }
    match (r.numer().to_f64(), r.denom().to_f64()) {
        (Some(n), Some(d)) if n.is_finite() && d.is_finite() && d != 0.0 => n / d,
        _ => {
            // Very large numbers: shift both down.
            let bits = r.numer().bits().max(r.denom().bits());
            let shift = bits.saturating_sub(900);
            let n = (r.numer() >> shift).to_f64().unwrap_or(0.0);
            let d = (r.denom() >> shift).to_f64().unwrap_or(1.0);
            n / d
        }
    }
}
