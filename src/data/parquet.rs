//! Reading a Parquet file without trusting it: the footer's sizes are
//! checked against the file before anything is read, every call into the
//! reader is guarded (a damaged file can make it panic), columns that
//! cannot be scored are left out with a note, and DECIMAL columns are read
//! as numbers.

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;
use polars_buffer::Buffer;
use polars_parquet::parquet::metadata::ColumnChunkMetadata;
use polars_parquet::parquet::page::{CompressedPage, DataPageHeader};
use polars_parquet::parquet::read::PageReader;

use super::guard::guarded;
use super::thrift::check_footer;
use super::{LoadError, MAX_COLUMNS};
use crate::format::{echo, thousands};

/// Rows a file may have: the engine numbers rows with 32 bits.
const MAX_ROWS: usize = u32::MAX as usize - 1;

/// How much larger than its compressed bytes a column chunk may say it is
/// once decompressed. Compressors reach a few thousand on constant data;
/// a larger claim is a damaged size, not data.
const MAX_EXPANSION: u64 = 1 << 16;

/// The most compressed bytes one page may hold.
const MAX_PAGE_BYTES: usize = 1 << 30;

/// What the footer says, checked, and which columns are read.
pub(super) struct ParquetLayout {
    /// The footer, as checked; every read uses it rather than decoding
    /// the file's footer again.
    metadata: FileMetadataRef,
    /// Rows in the file.
    pub rows: usize,
    /// The columns read, in file order.
    pub names: Vec<String>,
    /// Columns left out (nested or of a type that cannot be scored), for
    /// the load report.
    pub notes: Vec<String>,
}

/// The error for a damaged file, with what is wrong.
fn damaged(message: impl Into<String>, path: &Path) -> LoadError {
    LoadError::Damaged {
        message: message.into(),
        path: path.to_owned(),
    }
}

/// A panic inside the reader, as a damaged file.
/// The reader's own words (an index out of range in its code) would tell
/// the user nothing more than that the data contradicts its metadata.
fn panicked(_message: String, path: &Path) -> LoadError {
    damaged("its data does not match its metadata", path)
}

/// Reads and checks the footer of `file`, `len` bytes long, and the
/// header of every page.
pub(super) fn inspect<R>(mut file: R, len: u64, path: &Path) -> Result<ParquetLayout, LoadError>
where
    R: Read + Seek + polars::io::mmap::MmapBytesReader,
{
    let to_damaged = |e: PolarsError| damaged(first_line(&e), path);
    let footer = read_footer(&mut file, len, path)?;
    check_footer(&footer).map_err(|m| damaged(m, path))?;
    let mut reader = ParquetReader::new(&mut file);
    let metadata = guarded(|| reader.get_metadata().cloned())
        .map_err(|m| panicked(m, path))?
        .map_err(to_damaged)?;
    check_sizes(&metadata, len).map_err(|m| damaged(m, path))?;
    check_names(&metadata, path)?;
    let schema = guarded(|| reader.schema())
        .map_err(|m| panicked(m, path))?
        .map_err(to_damaged)?;
    drop(reader);
    check_pages(&mut file, &metadata, path)?;
    let mut names = Vec::with_capacity(schema.len());
    let mut notes = Vec::new();
    for field in schema.iter_values() {
        let name = field.name.to_string();
        match unusable(&field.dtype) {
            None => names.push(name),
            Some(kind) => notes.push(format!(
                "left out column \"{}\": {kind} cannot be scored",
                echo(&name)
            )),
        }
    }
    Ok(ParquetLayout {
        rows: metadata.num_rows,
        metadata,
        names,
        notes,
    })
}

/// The footer's bytes (the file metadata), when the length the file ends
/// with fits in the file.
fn read_footer<R: Read + Seek>(file: &mut R, len: u64, path: &Path) -> Result<Vec<u8>, LoadError> {
    let io_error = |e: std::io::Error| LoadError::Io {
        source: Arc::new(e),
        path: path.to_owned(),
    };
    let mut tail = [0u8; 8];
    file.seek(SeekFrom::Start(len.saturating_sub(8)))
        .and_then(|_| file.read_exact(&mut tail))
        .map_err(io_error)?;
    let [a, b, c, d, ..] = tail;
    let footer_len = u64::from(u32::from_le_bytes([a, b, c, d]));
    // The file starts with "PAR1" and ends with the length and "PAR1".
    if footer_len + 12 > len {
        return Err(damaged(
            format!("the footer says it is {footer_len} bytes long, in a file of {len}"),
            path,
        ));
    }
    let mut footer = vec![0u8; footer_len as usize];
    file.seek(SeekFrom::Start(len - 8 - footer_len))
        .and_then(|_| file.read_exact(&mut footer))
        .map_err(io_error)?;
    Ok(footer)
}

/// Refuses more than [`MAX_COLUMNS`] columns, and two columns of one name
/// (a valid file, but the loader finds columns by name).
fn check_names(metadata: &FileMetadata, path: &Path) -> Result<(), LoadError> {
    let fields = metadata.schema().fields();
    if fields.len() > MAX_COLUMNS {
        return Err(LoadError::TooManyColumns {
            what: "the Parquet file",
            columns: fields.len(),
            path: path.to_owned(),
        });
    }
    let mut seen = std::collections::HashSet::with_capacity(fields.len());
    for field in fields {
        if !seen.insert(field.name()) {
            return Err(LoadError::DuplicateColumn {
                column: echo(field.name()),
                path: path.to_owned(),
            });
        }
    }
    Ok(())
}

/// Why a column of this type is left out; `None` for the types the
/// loader reads (numbers, text, booleans, dates and timestamps).
fn unusable(dtype: &ArrowDataType) -> Option<&'static str> {
    use ArrowDataType as A;
    match dtype {
        A::Null
        | A::Boolean
        | A::Int8
        | A::Int16
        | A::Int32
        | A::Int64
        | A::UInt8
        | A::UInt16
        | A::UInt32
        | A::UInt64
        | A::Float32
        | A::Float64
        | A::Timestamp(_, _)
        | A::Date32
        | A::Date64
        | A::Binary
        | A::LargeBinary
        | A::BinaryView
        | A::Utf8
        | A::LargeUtf8
        | A::Utf8View
        | A::Decimal(_, _)
        | A::Decimal32(_, _)
        | A::Decimal64(_, _) => None,
        A::Dictionary(_, values, _) => unusable(values),
        A::Extension(extension) => unusable(&extension.inner),
        A::List(_) | A::LargeList(_) | A::FixedSizeList(_, _) => Some("a list of values"),
        A::Struct(_) | A::Map(_, _) | A::Union(_) => Some("a nested record"),
        A::Time32(_) | A::Time64(_) => Some("a time of day"),
        A::Duration(_) | A::Interval(_) => Some("a duration"),
        A::Int128 | A::UInt128 | A::Float16 | A::Decimal256(_, _) => {
            Some("this number type (128-bit, 16-bit float or 256-bit decimal)")
        }
        A::FixedSizeBinary(_) => Some("fixed-size binary"),
        A::Unknown => Some("an unknown type"),
    }
}

/// Checks that the sizes in the footer can be right for a file of `len`
/// bytes, so that reading allocates no more than the file could hold:
/// every column chunk lies within the file, decompresses to a plausible
/// size, and has as many values as its row group has rows.
fn check_sizes(metadata: &FileMetadata, len: u64) -> Result<(), String> {
    if metadata.num_rows > MAX_ROWS {
        return Err(format!(
            "the footer says {} rows; at most {} are read",
            thousands(metadata.num_rows),
            thousands(MAX_ROWS)
        ));
    }
    let mut rows = 0usize;
    for (g, group) in metadata.row_groups.iter().enumerate() {
        rows = rows.saturating_add(group.num_rows());
        for chunk in group.parquet_columns() {
            let column = chunk.descriptor().path_in_schema.join(".");
            let where_ = || format!("row group {}, column \"{}\"", g + 1, echo(&column));
            let compressed = u64::try_from(chunk.compressed_size())
                .map_err(|_| format!("{}: a negative size", where_()))?;
            let uncompressed = u64::try_from(chunk.uncompressed_size())
                .map_err(|_| format!("{}: a negative size", where_()))?;
            let range = chunk.byte_range();
            if range.start > len || range.end > len || range.end < range.start {
                return Err(format!(
                    "{}: its bytes {}–{} lie outside the file of {} bytes",
                    where_(),
                    range.start,
                    range.end,
                    len
                ));
            }
            if uncompressed
                > compressed
                    .saturating_add(1024)
                    .saturating_mul(MAX_EXPANSION)
            {
                return Err(format!(
                    "{}: {} compressed bytes said to hold {}",
                    where_(),
                    compressed,
                    uncompressed
                ));
            }
            let values = usize::try_from(chunk.num_values())
                .map_err(|_| format!("{}: a negative number of values", where_()))?;
            let flat = chunk.descriptor().descriptor.max_rep_level == 0;
            if flat && values != group.num_rows() {
                return Err(format!(
                    "{}: {} values in a row group of {} rows",
                    where_(),
                    thousands(values),
                    thousands(group.num_rows())
                ));
            }
        }
    }
    if rows != metadata.num_rows {
        return Err(format!(
            "the footer says {} rows but its row groups hold {}",
            thousands(metadata.num_rows),
            thousands(rows)
        ));
    }
    Ok(())
}

/// Checks the header of every page against its column chunk: the reader
/// trusts a page's value count (a negative one became a request for
/// 2.3 EB, which aborts the process: it cannot be caught, only prevented).
fn check_pages<R: Read + Seek>(
    file: &mut R,
    metadata: &FileMetadata,
    path: &Path,
) -> Result<(), LoadError> {
    for (g, group) in metadata.row_groups.iter().enumerate() {
        for chunk in group.parquet_columns() {
            let range = chunk.byte_range();
            // Within the file, as checked: at most the file's length.
            let mut bytes = vec![0u8; usize::try_from(range.end - range.start).unwrap_or(0)];
            file.seek(SeekFrom::Start(range.start))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| LoadError::Io {
                    source: Arc::new(e),
                    path: path.to_owned(),
                })?;
            let checked =
                guarded(|| check_chunk_pages(bytes, chunk)).map_err(|m| panicked(m, path))?;
            checked.map_err(|m| {
                let column = chunk.descriptor().path_in_schema.join(".");
                damaged(
                    format!("row group {}, column \"{}\": {m}", g + 1, echo(&column)),
                    path,
                )
            })?;
        }
    }
    Ok(())
}

/// The pages of one column chunk: value counts that add up to the
/// chunk's, and plausible sizes.
fn check_chunk_pages(bytes: Vec<u8>, chunk: &ColumnChunkMetadata) -> Result<(), String> {
    let total = chunk.num_values();
    let pages = PageReader::new(
        Cursor::new(Buffer::from(bytes)),
        chunk,
        Vec::new(),
        MAX_PAGE_BYTES,
    );
    let mut values = 0i64;
    for page in pages {
        let page = page.map_err(|e| first_line_of(&e.to_string()))?;
        let CompressedPage::Data(page) = page else {
            continue;
        };
        let (count, nulls, rows) = match page.header() {
            DataPageHeader::V1(header) => (header.num_values, 0, 0),
            DataPageHeader::V2(header) => (header.num_values, header.num_nulls, header.num_rows),
        };
        if count < 0 || i64::from(count) > total - values {
            return Err(format!(
                "a page says {count} values where {} remain",
                total - values
            ));
        }
        if nulls < 0 || nulls > count || rows < 0 || rows > count {
            return Err(format!(
                "a page of {count} values says {nulls} nulls and {rows} rows"
            ));
        }
        let compressed = page.compressed_size() as u64;
        if page.uncompressed_size() as u64
            > compressed
                .saturating_add(1024)
                .saturating_mul(MAX_EXPANSION)
        {
            return Err(format!(
                "a page of {compressed} compressed bytes says it holds {}",
                page.uncompressed_size()
            ));
        }
        values += i64::from(count);
    }
    if values != total {
        return Err(format!("its pages hold {values} of its {total} values"));
    }
    Ok(())
}

/// The first line of a message, echoed (controls escaped, shortened).
fn first_line_of(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    // The reader's words for its own layers mean nothing to a user.
    let line = line.strip_prefix("parquet: ").unwrap_or(line);
    let line = line
        .strip_prefix("File out of specification: ")
        .unwrap_or(line);
    if line.starts_with("Invalid thrift") {
        return "its metadata cannot be decoded".to_owned();
    }
    echo(line)
}

/// Reads `columns` (rows `offset..offset + len` when `slice` is given) of
/// a checked file; DECIMAL columns come back as Float64.
pub(super) fn read_columns<R>(
    file: R,
    layout: &ParquetLayout,
    columns: &[String],
    slice: Option<(usize, usize)>,
    path: &Path,
) -> Result<DataFrame, LoadError>
where
    R: Read + Seek + polars::io::mmap::MmapBytesReader,
{
    let frame = guarded(|| {
        let mut reader = ParquetReader::new(file)
            .with_columns(Some(columns.to_vec()))
            .with_slice(slice);
        reader.set_metadata(layout.metadata.clone());
        reader.finish()
    })
    .map_err(|m| panicked(m, path))?
    .map_err(|e| damaged(first_line(&e), path))?;
    decimals_as_numbers(frame).map_err(|e| damaged(first_line(&e), path))
}

/// DECIMAL columns (money and counts in warehouse exports) cast to
/// Float64, so the rest of the loader sees numbers.
fn decimals_as_numbers(mut frame: DataFrame) -> PolarsResult<DataFrame> {
    let decimals: Vec<PlSmallStr> = frame
        .columns()
        .iter()
        .filter(|c| matches!(c.dtype(), DataType::Decimal(_, _)))
        .map(|c| c.name().clone())
        .collect();
    for name in decimals {
        let numbers = frame.column(&name)?.cast(&DataType::Float64)?;
        frame.with_column(numbers)?;
    }
    Ok(frame)
}

/// Polars messages can run over several lines; the first says what failed.
fn first_line(error: &PolarsError) -> String {
    first_line_of(&error.to_string())
}

/// A Parquet file read a slice of rows and a few columns at a time, so
/// that a large table never needs all of its text in memory at once.
pub(super) struct ParquetFile<'a> {
    path: &'a Path,
    layout: ParquetLayout,
    /// Rows in the file.
    pub rows: usize,
    /// Column names, in file order (those that can be scored).
    pub names: Vec<String>,
}

impl<'a> ParquetFile<'a> {
    /// The file, when it is Parquet (by content); `None` for anything else.
    pub fn open(path: &'a Path) -> Result<Option<ParquetFile<'a>>, LoadError> {
        use std::io::SeekFrom;
        let io_error = |e: std::io::Error| LoadError::Io {
            source: Arc::new(e),
            path: path.to_owned(),
        };
        let metadata = super::file_metadata(path)?;
        let mut file = std::fs::File::open(path).map_err(io_error)?;
        let mut magic = [0u8; 4];
        if metadata.len() < 4 || file.read_exact(&mut magic).is_err() || magic != *b"PAR1" {
            return Ok(None);
        }
        file.seek(SeekFrom::End(-4)).map_err(io_error)?;
        file.read_exact(&mut magic).map_err(io_error)?;
        if metadata.len() < 12 || magic != *b"PAR1" {
            return Err(LoadError::Truncated {
                path: path.to_owned(),
            });
        }
        let layout = inspect(file, metadata.len(), path)?;
        Ok(Some(ParquetFile {
            path,
            rows: layout.rows,
            names: layout.names.clone(),
            layout,
        }))
    }

    /// Columns left out, for the load report.
    pub fn notes(&self) -> &[String] {
        &self.layout.notes
    }

    /// Rows `offset..offset + len` of some columns.
    pub fn read(
        &self,
        columns: &[String],
        offset: usize,
        len: usize,
    ) -> Result<DataFrame, LoadError> {
        let file = std::fs::File::open(self.path).map_err(|e| LoadError::Io {
            source: Arc::new(e),
            path: self.path.to_owned(),
        })?;
        read_columns(file, &self.layout, columns, Some((offset, len)), self.path)
    }
}

/// The whole of a Parquet file already in memory: the readable columns,
/// and notes on those left out.
pub(super) fn read_parquet(
    bytes: Vec<u8>,
    path: &Path,
) -> Result<(DataFrame, Vec<String>), LoadError> {
    if !bytes.ends_with(b"PAR1") || bytes.len() < 12 {
        return Err(LoadError::Truncated {
            path: path.to_owned(),
        });
    }
    let len = bytes.len() as u64;
    let bytes = Arc::new(bytes);
    let layout = inspect(std::io::Cursor::new(SharedBytes(bytes.clone())), len, path)?;
    let frame = read_columns(
        std::io::Cursor::new(SharedBytes(bytes)),
        &layout,
        &layout.names,
        None,
        path,
    )?;
    Ok((frame, layout.notes))
}

/// The bytes of a file, shared by the footer check and the read.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}
