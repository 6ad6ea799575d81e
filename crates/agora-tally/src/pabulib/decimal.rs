//! Exact decimal numbers as written in Pabulib files (`2458488.22`, `4000.0`, `100000`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Largest number of digits after the decimal point that we accept.
pub const MAX_SCALE: u32 = 9;

/// An exact decimal number `mantissa / 10^scale`, kept exactly as written.
///
/// `4000.0` and `4000` are different *representations* (derived `Eq` compares the
/// representation, so that a file written back is byte-identical); use
/// [`Decimal::cmp_value`] / [`Decimal::same_value`] to compare values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Decimal {
    /// The digits, as an integer (sign included).
    pub mantissa: i64,
    /// Number of digits after the decimal point.
    pub scale: u32,
}

/// Why a string is not a decimal number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalError(pub String);

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Decimal {
    /// A whole number.
    pub const fn from_int(v: i64) -> Self {
        Decimal {
            mantissa: v,
            scale: 0,
        }
    }

    /// Value in units of `10^-scale`, if the scale is at least `self.scale` and it fits.
    pub fn to_scaled(&self, scale: u32) -> Option<i64> {
        if scale < self.scale {
            return None;
        }
        let factor = 10i64.checked_pow(scale - self.scale)?;
        self.mantissa.checked_mul(factor)
    }

    /// Exact comparison of values.
    pub fn cmp_value(&self, other: &Decimal) -> Ordering {
        let s = self.scale.max(other.scale);
        let a = self.mantissa as i128 * 10i128.pow(s - self.scale);
        let b = other.mantissa as i128 * 10i128.pow(s - other.scale);
        a.cmp(&b)
    }

    /// Same value (e.g. `4000.0` and `4000`).
    pub fn same_value(&self, other: &Decimal) -> bool {
        self.cmp_value(other) == Ordering::Equal
    }

    /// True when the value has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.mantissa % 10i64.pow(self.scale) == 0
    }

    /// Integer value, when the number is whole.
    pub fn to_integer(&self) -> Option<i64> {
        if self.is_integer() {
            Some(self.mantissa / 10i64.pow(self.scale))
        } else {
            None
        }
    }

    /// Nearest `f64` (for display only).
    pub fn to_f64(&self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Format an integer amount of `10^-scale` units as a decimal string.
    pub fn format_scaled(amount: i128, scale: u32) -> String {
        let neg = amount < 0;
        let abs = amount.unsigned_abs();
        if scale == 0 {
            return format!("{}{}", if neg { "-" } else { "" }, abs);
        }
        let p = 10u128.pow(scale);
        format!(
            "{}{}.{:0width$}",
            if neg { "-" } else { "" },
            abs / p,
            abs % p,
            width = scale as usize
        )
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        let ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty()) || !ok(int_part) || !ok(frac_part) {
            return Err(DecimalError(format!("'{s}' is not a decimal number")));
        }
        let scale = frac_part.len() as u32;
        if scale > MAX_SCALE {
            return Err(DecimalError(format!(
                "'{s}' has more than {MAX_SCALE} decimal places"
            )));
        }
        let mut m: i64 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            m = m
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(b - b'0')))
                .ok_or_else(|| DecimalError(format!("'{s}' is too large")))?;
        }
        Ok(Decimal {
            mantissa: if neg { -m } else { m },
            scale,
        })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Decimal::format_scaled(self.mantissa as i128, self.scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        for s in ["2458488.22", "4000.0", "100000", "0", "0.05", "-3.5"] {
            let d: Decimal = s.parse().expect("valid");
            assert_eq!(d.to_string(), s);
        }
        let d: Decimal = "2458488.22".parse().expect("valid");
        assert_eq!(d.to_scaled(2), Some(245848822));
        assert_eq!(d.to_scaled(3), Some(2458488220));
        assert_eq!(d.to_scaled(1), None);
        assert!("1e5".parse::<Decimal>().is_err());
        assert!("".parse::<Decimal>().is_err());
        assert!(".".parse::<Decimal>().is_err());
        assert!("99999999999999999999".parse::<Decimal>().is_err());
        let a: Decimal = "4000.0".parse().expect("valid");
        assert!(a.same_value(&Decimal::from_int(4000)));
        assert_ne!(a, Decimal::from_int(4000));
    }
}
