//! Exact rational numbers for tie-sensitive comparisons.

use num_bigint::BigInt;
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

pub(crate) fn int(v: i128) -> BigRational {
    BigRational::from_integer(BigInt::from(v))
}

pub(crate) fn ratio(n: i128, d: i128) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
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

/// Minor units as a decimal string with the given scale, rounded down to the scale
/// (for showing rational money like a per-voter budget B/n).
pub(crate) fn money_floor(r: &BigRational, scale: u32) -> String {
    let f = r.floor().to_integer();
    match f.to_i128() {
        Some(v) => crate::budget::money_string(v, scale),
        None => f.to_string(),
    }
}
