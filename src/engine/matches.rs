//! Which contacts something matched, one bit per contact, shared without
//! copying between the scorer's cache, the scores and the analyses.

use std::sync::Arc;

use polars::prelude::BooleanChunked;

/// One bit per contact; cheap to clone (the bits are shared).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Matches {
    words: Arc<[u64]>,
    len: usize,
}

impl Matches {
    /// Bits from one flag per contact.
    pub fn from_bools(flags: &[bool]) -> Matches {
        Matches::from_fn(flags.len(), |row| flags.get(row).copied().unwrap_or(false))
    }

    /// Bits for `len` contacts, set where `matched(row)` holds.
    pub fn from_fn(len: usize, mut matched: impl FnMut(usize) -> bool) -> Matches {
        let mut words = vec![0u64; len.div_ceil(64)];
        for (w, word) in words.iter_mut().enumerate() {
            let start = w * 64;
            for bit in 0..(len - start).min(64) {
                if matched(start + bit) {
                    *word |= 1 << bit;
                }
            }
        }
        Matches {
            words: words.into(),
            len,
        }
    }

    /// Bits from a condition's column (a missing value is no match).
    pub fn from_column(values: &BooleanChunked) -> Matches {
        if values.null_count() == 0
            && let [_] = values.chunks().as_slice()
            && let Some(array) = values.downcast_iter().next()
        {
            // The column's own bits, 64 at a time (arrow keeps them in the
            // same order).
            let chunks = array.values().chunks::<u64>();
            let (remainder, remainder_len) = (chunks.remainder(), chunks.remainder_len());
            let mut words: Vec<u64> = chunks.collect();
            if remainder_len > 0 {
                words.push(remainder);
            }
            return Matches::from_words(words, values.len());
        }
        let mut words = vec![0u64; values.len().div_ceil(64)];
        for (row, value) in values.iter().enumerate() {
            if value == Some(true)
                && let Some(word) = words.get_mut(row / 64)
            {
                *word |= 1 << (row % 64);
            }
        }
        Matches {
            words: words.into(),
            len: values.len(),
        }
    }

    /// Bits given as 64-bit words, contact `r` at bit `r % 64` of word `r / 64`.
    pub fn from_words(mut words: Vec<u64>, len: usize) -> Matches {
        words.resize(len.div_ceil(64), 0);
        if let Some(last) = words.last_mut()
            && !len.is_multiple_of(64)
        {
            *last &= (1u64 << (len % 64)) - 1;
        }
        Matches {
            words: words.into(),
            len,
        }
    }

    /// The words of the bits (see [`Matches::from_words`]).
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// Nobody of `len` contacts.
    pub fn none(len: usize) -> Matches {
        Matches::from_fn(len, |_| false)
    }

    /// How many contacts there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no contacts.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether contact `row` matched (false past the end).
    pub fn get(&self, row: usize) -> bool {
        row < self.len
            && self
                .words
                .get(row / 64)
                .is_some_and(|word| word >> (row % 64) & 1 == 1)
    }

    /// How many contacts matched.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// How many contacts matched both this and `other`.
    pub fn count_and(&self, other: &Matches) -> usize {
        self.words
            .iter()
            .zip(other.words.iter())
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// One flag per contact.
    pub fn iter(&self) -> impl Iterator<Item = bool> + '_ {
        (0..self.len).map(|row| self.get(row))
    }

    /// The rows that matched, in order.
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + bit)
            })
        })
    }

    /// The bits of some rows only, in the order given.
    pub fn select(&self, rows: &[usize]) -> Matches {
        Matches::from_fn(rows.len(), |i| rows.get(i).is_some_and(|&r| self.get(r)))
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.words.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_read_back_and_count() {
        let flags: Vec<bool> = (0..130).map(|i| i % 3 == 0 || i == 129).collect();
        let matches = Matches::from_bools(&flags);
        assert_eq!(matches.iter().collect::<Vec<_>>(), flags);
        assert_eq!(matches.count(), flags.iter().filter(|f| **f).count());
        assert_eq!(
            matches.rows().collect::<Vec<_>>(),
            (0..130).filter(|&i| flags[i]).collect::<Vec<_>>()
        );
        assert!(!matches.get(130), "past the end");
        let column: BooleanChunked = flags.iter().map(|&f| Some(f)).collect();
        assert_eq!(Matches::from_column(&column), matches);
        let evens = Matches::from_fn(130, |i| i % 2 == 0);
        assert_eq!(
            matches.count_and(&evens),
            (0..130).filter(|&i| flags[i] && i % 2 == 0).count()
        );
        assert_eq!(
            matches.select(&[3, 4, 129]).iter().collect::<Vec<_>>(),
            [true, false, true]
        );
    }
}
