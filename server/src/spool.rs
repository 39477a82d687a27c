//! Downloads built on disk, not in memory: a zip of a college's photos or a
//! submission package holds files of up to 15 MB each, so it is written to
//! an unnamed temporary file (gone when closed) on a blocking thread and
//! streamed from there. A request then holds one file's bytes at a time.

use std::io::{Seek, SeekFrom};

use axum::body::Body;

use crate::error::ApiError;

/// The zip being written.
pub type Zip = zip::ZipWriter<std::fs::File>;

/// Runs `build` on a blocking thread into a temporary zip and answers with
/// the zip as a streamed body, and whatever `build` returned.
pub async fn zip<T, F>(build: F) -> Result<(Body, T), ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Zip) -> Result<T, ApiError> + Send + 'static,
{
    let (file, out) = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let mut zip = zip::ZipWriter::new(tempfile::tempfile()?);
        let out = build(&mut zip)?;
        let mut file = zip.finish().map_err(internal)?;
        file.seek(SeekFrom::Start(0))?;
        Ok((file, out))
    })
    .await??;
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    Ok((Body::from_stream(stream), out))
}

/// A zip writer's error, as ours.
pub fn internal(e: zip::result::ZipError) -> ApiError {
    ApiError::Internal(e.to_string())
}
