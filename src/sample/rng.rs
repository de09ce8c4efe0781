//! A small deterministic random number generator and its distributions.
//!
//! The sample data must be identical for a seed forever and on every platform,
//! so no random-number crate is used (their algorithms change between
//! versions), and neither is the platform's `ln`/`exp` (whose last bit differs
//! between C libraries): logarithms and exponentials come from `libm`, a pure
//! Rust port of musl's maths that gives the same bits everywhere. Everything
//! else is integer arithmetic and the IEEE-exact `+ - * / sqrt`.

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
                return u * (-2.0 * libm::log(s) / s).sqrt();
            }
        }
    }

    /// Exponential with the given mean.
    pub(crate) fn exponential(&mut self, mean: f64) -> f64 {
        -mean * libm::log(1.0 - self.unit())
    }

    /// Log-normal: `exp(mu + sigma * N(0, 1))`.
    pub(crate) fn log_normal(&mut self, mu: f64, sigma: f64) -> f64 {
        libm::exp(mu + sigma * self.normal())
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
        let limit = libm::exp(-mean);
        let mut count = 0u32;
        let mut product = self.unit();
        while product > limit {
            count += 1;
            product *= self.unit();
        }
        count
    }
}

/// The logistic function, mapping any real to (0, 1) (to exactly 0 or 1 only
/// where `exp` overflows or underflows).
pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-x))
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
    fn the_logistic_function_is_symmetric_and_bounded() {
        assert_eq!(sigmoid(0.0), 0.5);
        for x in [0.1, 1.0, 4.0, 30.0] {
            assert!((sigmoid(x) + sigmoid(-x) - 1.0).abs() < 1e-15, "{x}");
        }
        // Far out, exp overflows to infinity and the result is exactly 0 or 1.
        assert_eq!(sigmoid(-1_000.0), 0.0);
        assert_eq!(sigmoid(1_000.0), 1.0);
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
