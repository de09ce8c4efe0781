//! A small deterministic random number generator and the little arithmetic it needs.
//!
//! The sample data must be identical for a seed forever and on every platform,
//! so neither a random-number crate (whose algorithms change between versions)
//! nor the platform's `ln`/`exp` (whose last bit differs between C libraries)
//! is used: only integer arithmetic and the IEEE-exact `+ - * / sqrt`.

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: [u64; 4],
}

/// One SplitMix64 step; it spreads a seed over the xoshiro state so that
/// neighbouring seeds and stream numbers give unrelated sequences.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// An independent generator for one stream (a contact, a company) of a seed.
    /// Streams keep contact `i` the same whatever the number of contacts asked for.
    pub(crate) fn stream(seed: u64, stream: u64) -> Self {
        let mut mixer = seed;
        let seed_hash = splitmix64(&mut mixer);
        let mut sm = seed_hash ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut state = [0u64; 4];
        for word in &mut state {
            *word = splitmix64(&mut sm);
        }
        // xoshiro must not start from all zeroes; SplitMix64 output makes that
        // astronomically unlikely, and this keeps it impossible.
        if state == [0; 4] {
            state[0] = 1;
        }
        Self { state }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), with 53 bits of precision.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [low, high).
    pub(crate) fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform integer in [0, n); 0 when n is 0. Lemire's multiply-shift: the
    /// bias (n / 2^64) is far below anything the sample data could show.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform integer in [low, high]; `low` when the range is empty.
    pub(crate) fn int_between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = high.abs_diff(low).saturating_add(1);
        low.wrapping_add(self.below(span) as i64)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty list.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = self.below(items.len() as u64) as usize;
        // ok: `below(len)` is < len, and every list passed here is a non-empty
        // constant of the vocabulary.
        &items[index]
    }

    /// An index drawn with the given (non-negative, not all zero) weights.
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        let mut last_possible = 0;
        for (index, weight) in weights.iter().enumerate() {
            if target < *weight {
                return index;
            }
            if *weight > 0.0 {
                last_possible = index;
            }
            target -= weight;
        }
        // Rounding can leave a sliver past the last weight; it belongs to the
        // last entry that can be drawn at all, never to a zero-weight one.
        last_possible
    }

    /// Standard normal, by Marsaglia's polar method (needs only `ln` and `sqrt`).
    pub(crate) fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.unit() - 1.0;
            let v = 2.0 * self.unit() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }

    /// Exponential with the given mean.
    pub(crate) fn exponential(&mut self, mean: f64) -> f64 {
        -mean * ln(1.0 - self.unit())
    }

    /// Log-normal: `exp(mu + sigma * N(0, 1))`.
    pub(crate) fn log_normal(&mut self, mu: f64, sigma: f64) -> f64 {
        exp(mu + sigma * self.normal())
    }

    /// Poisson-distributed count. Knuth's product method for small means, a
    /// rounded normal approximation for large ones (only the shape matters here).
    pub(crate) fn poisson(&mut self, mean: f64) -> u32 {
        if mean <= 0.0 {
            return 0;
        }
        if mean > 30.0 {
            let draw = mean + mean.sqrt() * self.normal();
            return draw.round().max(0.0) as u32;
        }
        let limit = exp(-mean);
        let mut count = 0u32;
        let mut product = self.unit();
        while product > limit {
            count += 1;
            product *= self.unit();
        }
        count
    }
}

/// Natural logarithm from integer bit manipulation and a series, exact to a
/// few ulps; non-positive inputs give a large negative number rather than NaN.
pub(crate) fn ln(x: f64) -> f64 {
    if x <= 0.0 || x.is_nan() {
        return -745.0;
    }
    if x.is_infinite() {
        return 710.0;
    }
    let mut value = x;
    let mut exponent = 0i64;
    // Subnormals: scale into the normal range first.
    if value < f64::MIN_POSITIVE {
        value *= (1u64 << 54) as f64;
        exponent -= 54;
    }
    let bits = value.to_bits();
    exponent += ((bits >> 52) & 0x7FF) as i64 - 1023;
    let mut mantissa = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    // Centre the mantissa on 1 so the series converges fast.
    if mantissa > std::f64::consts::SQRT_2 {
        mantissa /= 2.0;
        exponent += 1;
    }
    // ln(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172.
    let s = (mantissa - 1.0) / (mantissa + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut denominator = 1.0;
    for _ in 0..12 {
        sum += term / denominator;
        term *= s2;
        denominator += 2.0;
    }
    2.0 * sum + exponent as f64 * std::f64::consts::LN_2
}

/// Exponential function by range reduction to |r| <= ln 2 / 2 and a Taylor
/// series; saturates instead of overflowing.
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return 1.0;
    }
    if x < -700.0 {
        return 0.0;
    }
    if x > 700.0 {
        return f64::MAX;
    }
    let k = (x / std::f64::consts::LN_2).round();
    let r = x - k * std::f64::consts::LN_2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=14 {
        term *= r / f64::from(n);
        sum += term;
    }
    // 2^k built from its bits; |k| <= 1010 so the exponent field stays valid.
    let power_of_two = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    sum * power_of_two
}

/// The logistic function, mapping any real to (0, 1).
pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let first: Vec<u64> = (0..4).map(|_| Rng::stream(7, 3).next_u64()).collect();
        assert!(first.windows(2).all(|pair| pair[0] == pair[1]));
        assert_ne!(Rng::stream(7, 3).next_u64(), Rng::stream(7, 4).next_u64());
        assert_ne!(Rng::stream(7, 3).next_u64(), Rng::stream(8, 3).next_u64());
    }

    #[test]
    fn math_matches_the_standard_library_closely() {
        for &x in &[1e-300, 1e-5, 0.1, 0.5, 1.0, 2.0, 10.0, 12345.678] {
            assert!(
                (ln(x) - x.ln()).abs() < 1e-12 * x.ln().abs().max(1.0),
                "ln {x}"
            );
        }
        for &x in &[-50.0, -3.0, -0.1, 0.0, 0.7, 5.0, 40.0] {
            assert!((exp(x) - x.exp()).abs() < 1e-12 * x.exp(), "exp {x}");
        }
    }

    #[test]
    fn draws_have_the_expected_means() {
        let mut rng = Rng::stream(1, 1);
        let n = 20_000;
        let mean_poisson = (0..n).map(|_| f64::from(rng.poisson(3.0))).sum::<f64>() / n as f64;
        assert!((mean_poisson - 3.0).abs() < 0.1);
        let mean_normal = (0..n).map(|_| rng.normal()).sum::<f64>() / n as f64;
        assert!(mean_normal.abs() < 0.05);
        let mean_exp = (0..n).map(|_| rng.exponential(2.0)).sum::<f64>() / n as f64;
        assert!((mean_exp - 2.0).abs() < 0.1);
    }
}
