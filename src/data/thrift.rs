//! A walk over a Parquet footer (Thrift compact protocol) that decodes
//! nothing and allocates nothing, to refuse a damaged footer before the
//! reader decodes it: the reader sizes its vectors from the counts in the
//! footer (a damaged count asks for hundreds of gigabytes, and a failed
//! allocation aborts the process) and skips a list of booleans without
//! reading a byte per element (a damaged count spins for minutes).
//!
//! Every element of a list takes at least one byte and every string is as
//! long as it says, so a count larger than the bytes left is refused.

/// Nesting deeper than this is not a Parquet footer.
const MAX_DEPTH: usize = 64;

/// Walks the footer `bytes` (one `FileMetaData` struct); the error says
/// what is wrong and at which byte of the footer.
pub(super) fn check_footer(bytes: &[u8]) -> Result<(), String> {
    let mut walk = Walk { bytes, at: 0 };
    walk.skip_struct(0)
}

struct Walk<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Walk<'_> {
    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at byte {} of the footer", self.at)
    }

    fn byte(&mut self) -> Result<u8, String> {
        let byte = self
            .bytes
            .get(self.at)
            .copied()
            .ok_or_else(|| self.error("the footer ends early"))?;
        self.at += 1;
        Ok(byte)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.error("a number longer than 64 bits"))
    }

    fn skip(&mut self, n: u64) -> Result<(), String> {
        match usize::try_from(n) {
            Ok(n) if n <= self.left() => {
                self.at += n;
                Ok(())
            }
            _ => Err(self.error(&format!("a length of {n} bytes with {} left", self.left()))),
        }
    }

    fn skip_struct(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        loop {
            let header = self.byte()?;
            let kind = header & 0x0F;
            if kind == 0 {
                return Ok(());
            }
            // A field id delta of zero means the id follows, as a varint.
            if header >> 4 == 0 {
                self.varint()?;
            }
            self.skip_value(kind, depth)?;
        }
    }

    /// Skips a value of compact type `kind` (booleans in a struct field
    /// carry their value in the type).
    fn skip_value(&mut self, kind: u8, depth: usize) -> Result<(), String> {
        match kind {
            1 | 2 => Ok(()),
            3 => self.skip(1),
            4..=6 => self.varint().map(|_| ()),
            7 => self.skip(8),
            8 => {
                let len = self.varint()?;
                self.skip(len)
            }
            9 | 10 => self.skip_list(depth),
            11 => self.skip_map(depth),
            12 => self.skip_struct(depth + 1),
            _ => Err(self.error(&format!("an unknown type {kind}"))),
        }
    }

    fn skip_list(&mut self, depth: usize) -> Result<(), String> {
        let header = self.byte()?;
        let element = header & 0x0F;
        let count = match header >> 4 {
            15 => self.varint()?,
            n => u64::from(n),
        };
        self.check_count(count)?;
        for _ in 0..count {
            match element {
                // In a list, a boolean takes a byte.
                1 | 2 => self.skip(1)?,
                _ => self.skip_value(element, depth + 1)?,
            }
        }
        Ok(())
    }

    fn skip_map(&mut self, depth: usize) -> Result<(), String> {
        let count = self.varint()?;
        if count == 0 {
            return Ok(());
        }
        self.check_count(count.saturating_mul(2))?;
        let kinds = self.byte()?;
        for _ in 0..count {
            self.skip_value(kinds >> 4, depth + 1)?;
            self.skip_value(kinds & 0x0F, depth + 1)?;
        }
        Ok(())
    }

    /// Every element takes at least a byte.
    fn check_count(&self, count: u64) -> Result<(), String> {
        if count > self.left() as u64 {
            return Err(self.error(&format!(
                "a list of {count} elements with {} bytes left",
                self.left()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_larger_than_the_bytes_left_is_refused() {
        // Field 1: a list (type 9) of 2^31 booleans, then nothing.
        let footer = [0x19, 0xF1, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00];
        let err = check_footer(&footer).unwrap_err();
        assert!(err.contains("a list of 2147483648 elements"), "{err}");
        // Field 1: an i32; field 2: a string of 3 bytes; stop.
        assert_eq!(
            check_footer(&[0x15, 0x04, 0x18, 0x03, b'a', b'b', b'c', 0x00]),
            Ok(())
        );
        assert!(check_footer(&[0x18, 0x09, b'a', 0x00]).is_err());
    }
}
