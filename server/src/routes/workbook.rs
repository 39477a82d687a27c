//! An uploaded workbook, read as its template allows: what the roster and
//! class-directory imports share.

use domain::api::RowError;

use crate::{error::ApiError, state::AppState, xlsx};

/// All or nothing: the import refused, with every row's reason.
pub(super) fn rejected(rows: Vec<RowError>) -> ApiError {
    ApiError::ImportRejected {
        message: format!(
            "导入失败：发现 {} 处问题，未导入任何数据。请修改后重新上传。",
            rows.len()
        ),
        rows,
    }
}

/// The sheet of an uploaded file as `template` allows it, or the reason
/// why not. Reading runs off the async workers, a bounded number at once.
pub(super) async fn sheet(
    st: &AppState,
    bytes: axum::body::Bytes,
    template: xlsx::Template<'static>,
) -> Result<Vec<Vec<String>>, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::BadRequest("请选择要上传的 .xlsx 文件".into()));
    }
    let read = st
        .parse(move || xlsx::read_single_sheet(&bytes, &template))
        .await?;
    read.map_err(|e| {
        let summary = e.summary();
        match e {
            xlsx::Refusal::File(message) => ApiError::ImportRejected {
                message,
                rows: vec![],
            },
            xlsx::Refusal::Cell {
                row,
                column,
                message,
            } => ApiError::ImportRejected {
                message: format!("导入失败：{summary}。未导入任何数据。"),
                rows: vec![RowError {
                    row,
                    column,
                    message,
                }],
            },
        }
    })
}
