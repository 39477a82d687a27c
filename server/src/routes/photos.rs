//! Graduation photos (SPEC §8): per class the photo and its name list, the
//! class folder the office archives, and a college's folders as one .zip.
//! The class's editors (counselors and active liaisons, as for the
//! directory) upload; whoever may read the class's directory may look.

use crate::routes::endpoint::{self as ep, Endpoint};
use std::io::Write;

use axum::{
    Json,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{NamesRequest, Photo, PhotoEnvelope},
    photos::{self, NameList},
};
use serde_json::json;

use crate::access::{Scope, class_access, classes_in_scope};
use crate::{
    auth::CurrentUser,
    docx,
    error::{ApiError, ApiJson, ApiQuery, Upload},
    image, spool,
    state::AppState,
    store::{ClassRecord, PhotoRecord},
};

use super::{
    attachment, audit_entry,
    directory::{china_time, roster},
    require,
};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/classes/{id}/photo", "班级毕业合影与名单", one),
        ep::put(
            "/classes/{id}/photo",
            "上传毕业合影（JPEG/PNG，按内容识别，去除元数据）",
            upload,
        )
        .image(image::MAX_PHOTO_BYTES),
        ep::get("/classes/{id}/photo/image", "毕业合影图片", image_file),
        ep::put(
            "/classes/{id}/photo/names",
            "填写合影名单（每排一行，教师名字前加 *）",
            names,
        )
        .json::<domain::api::NamesRequest>(),
        ep::get(
            "/classes/{id}/photo/names.docx",
            "合影人员名单 Word 文档",
            names_docx,
        ),
        ep::get(
            "/exports/photos.zip",
            "学院各班毕业合影文件夹 .zip（?college=）",
            zip_export,
        )
        .query::<Scope>(),
    ]
}

fn college_name(st: &AppState, code: &str) -> Result<String, ApiError> {
    Ok(st.store.college(code)?.map(|c| c.name).unwrap_or_default())
}

fn title(st: &AppState, c: &ClassRecord) -> Result<String, ApiError> {
    Ok(photos::title(
        &st.config.university,
        &college_name(st, &c.college)?,
        c.grade,
        &c.major,
        &c.class_name,
    ))
}

fn view(
    st: &AppState,
    c: &ClassRecord,
    r: Option<PhotoRecord>,
    can_edit: bool,
) -> Result<Photo, ApiError> {
    let roster = roster(st, &c.id)?;
    let names: Vec<&str> = roster.iter().map(|u| u.name.as_str()).collect();
    let r = r.unwrap_or_else(|| PhotoRecord::empty(&c.id));
    Ok(Photo {
        class_id: c.id.clone(),
        folder: photos::folder_name(c.grade, &c.major, &c.class_name),
        title: title(st, c)?,
        has_image: r.has_image(),
        uploaded_at: if r.has_image() {
            china_time(r.uploaded_at)
        } else {
            String::new()
        },
        uploaded_by_name: r.uploaded_by_name.clone(),
        unknown_names: r
            .names
            .as_ref()
            .map(|n| n.unknown(&names).into_iter().map(str::to_owned).collect())
            .unwrap_or_default(),
        names: r.names,
        can_edit,
    })
}

fn answer(
    st: &AppState,
    c: &ClassRecord,
    r: PhotoRecord,
    can_edit: bool,
) -> Result<Response, ApiError> {
    Ok(Json(PhotoEnvelope {
        photo: view(st, c, Some(r), can_edit)?,
    })
    .into_response())
}

/// `GET /classes/{id}/photo`.
async fn one(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<PhotoEnvelope>, ApiError> {
    let (class, access) = class_access(&st, &cu, &id)?;
    Ok(Json(PhotoEnvelope {
        photo: view(&st, &class, st.store.photo(&class.id)?, access.edit_all)?,
    }))
}

fn editor(st: &AppState, cu: &CurrentUser, id: &str) -> Result<ClassRecord, ApiError> {
    let (class, access) = class_access(st, cu, id)?;
    if !access.edit_all {
        return Err(ApiError::Forbidden(
            "只有本班辅导员和联络员可以上传毕业合影和名单",
        ));
    }
    Ok(class)
}

/// `PUT /classes/{id}/photo`: the image (JPEG or PNG by content, at most
/// 15 MB), stored without its metadata.
/// An uploaded photo, checked and cleaned on the parsers' pool (JPEG or
/// PNG by content, size declared before decoding, metadata stripped).
pub(super) async fn uploaded_photo(
    st: &AppState,
    body: axum::body::Bytes,
) -> Result<image::Image, ApiError> {
    if body.is_empty() {
        return Err(ApiError::BadRequest("请选择要上传的照片".into()));
    }
    st.parse(move || image::clean(&body))
        .await?
        .map_err(ApiError::BadImage)
}

async fn upload(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    body: Upload,
) -> Result<Response, ApiError> {
    let class = editor(&st, &cu, &id)?;
    let img = uploaded_photo(&st, body.read().await?).await?;
    let audit = audit_entry(
        &st,
        &cu,
        "photo.upload",
        &class.id,
        json!({ "bytes": img.bytes.len() }),
    );
    let now = st.clock.now();
    let r = st
        .store
        .update_photo(&class.id, Some(&img.bytes), &audit, |r| {
            r.ext = img.ext.to_owned();
            r.mime = img.mime.to_owned();
            r.uploaded_at = now;
            r.uploaded_by_name = cu.user.name.clone();
        })?;
    st.store.durable().await?;
    answer(&st, &class, r, true)
}

/// `PUT /classes/{id}/photo/names`: the list, one line per row.
async fn names(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<NamesRequest>,
) -> Result<Response, ApiError> {
    let class = editor(&st, &cu, &id)?;
    let list = NameList::parse(&req.text).map_err(|m| ApiError::Validation {
        message: m.clone(),
        fields: [("text".to_owned(), m)].into(),
    })?;
    let audit = audit_entry(
        &st,
        &cu,
        "photo.names",
        &class.id,
        json!({ "rows": list.rows.len() }),
    );
    let r = st
        .store
        .update_photo(&class.id, None, &audit, |r| r.names = Some(list.clone()))?;
    st.store.durable().await?;
    answer(&st, &class, r, true)
}

/// `GET /classes/{id}/photo/image`.
async fn image_file(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (class, _) = class_access(&st, &cu, &id)?;
    let r = st
        .store
        .photo(&class.id)?
        .filter(PhotoRecord::has_image)
        .ok_or(ApiError::NotFound)?;
    let bytes = st.store.photo_file(&class.id)?.ok_or(ApiError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, r.mime)], bytes).into_response())
}

/// `GET /classes/{id}/photo/names.docx`.
async fn names_docx(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (class, _) = class_access(&st, &cu, &id)?;
    let list = st
        .store
        .photo(&class.id)?
        .and_then(|r| r.names)
        .ok_or(ApiError::NotFound)?;
    let bytes = docx::name_list(&title(&st, &class)?, &list).map_err(ApiError::Internal)?;
    let file = format!(
        "{}人员名单.docx",
        photos::folder_name(class.grade, &class.major, &class.class_name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, docx::MIME.to_owned()),
            attachment("names.docx", &file),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /exports/photos.zip?college=`: every class folder of a college (or
/// the university) that has its photo: `<folder>/<folder>.jpg` and
/// `<folder>/<folder>人员名单.docx`. The office, or a dean for their
/// college. Logged.
async fn zip_export(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Scope>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Office, Role::Dean])?;
    let classes = classes_in_scope(&st, &cu, &f)?;
    let store = st.clone();
    let (body, folders) = spool::zip(move |zip| {
        let st = store;
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut folders = 0;
        for c in classes {
            let Some(r) = st.store.photo(&c.id)?.filter(PhotoRecord::has_image) else {
                continue;
            };
            let Some(bytes) = st.store.photo_file(&c.id)? else {
                continue;
            };
            let folder = photos::folder_name(c.grade, &c.major, &c.class_name);
            zip.add_directory(folder.as_str(), stored)
                .map_err(spool::internal)?;
            zip.start_file(format!("{folder}/{folder}.{}", r.ext), stored)
                .map_err(spool::internal)?;
            zip.write_all(&bytes)?;
            if let Some(list) = &r.names {
                let doc = docx::name_list(&title(&st, &c)?, list).map_err(ApiError::Internal)?;
                zip.start_file(format!("{folder}/{folder}人员名单.docx"), stored)
                    .map_err(spool::internal)?;
                zip.write_all(&doc)?;
            }
            folders += 1;
        }
        Ok(folders)
    })
    .await?;
    let target = f
        .college
        .clone()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "all".into());
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "export.photos",
        &target,
        json!({ "folders": folders }),
    ))?;
    st.store.durable().await?;
    let name = match f.college.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => format!("{}毕业合影.zip", college_name(&st, code)?),
        None => "毕业合影.zip".to_owned(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            attachment("photos.zip", &name),
        ],
        body,
    )
        .into_response())
}
