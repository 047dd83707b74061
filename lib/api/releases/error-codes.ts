// Every code a release upload or status change can answer, with its HTTP status and what it
// means: the API's error vocabulary (lib/api/errors.ts) includes them, the OpenAPI document lists
// them, and a test checks that every ReleaseError thrown in lib/releases is here.
export const RELEASE_ERROR_CODES = {
  // The upload itself (lib/http/multipart.ts)
  FILE_REQUIRED: { status: 400, meaning: "No file was sent in the `file` field" },
  FILE_TOO_LARGE: { status: 413, meaning: "The file is over RELEASE_MAX_MB (refused from Content-Length, or as soon as it streams past the limit)" },
  INVALID_MULTIPART: { status: 400, meaning: "The multipart body is malformed, or a field was sent twice" },
  FIELD_TOO_LONG: { status: 400, meaning: "A text field is over 100 KiB" },
  TOO_MANY_FILES: { status: 400, meaning: "More than one file was sent" },
  TOO_MANY_FIELDS: { status: 400, meaning: "More than 20 fields were sent" },
  UNEXPECTED_FILE: { status: 400, meaning: "A file was sent in a field other than `file`" },
  // The release (lib/releases/create-release.ts)
  FILE_EMPTY: { status: 400, meaning: "The file has no bytes" },
  VERSION_REQUIRED: { status: 400, meaning: "A product of kind other needs `version` (a plugin or theme takes it from its Version: header)" },
  INVALID_VERSION: { status: 400, meaning: "`version` is not a version like 1.2, 1.2.3 or 2.0.0-beta.1" },
  VERSION_MISMATCH: { status: 400, meaning: "`version` differs from the zip's Version: header (WordPress compares the header)" },
  VERSION_EXISTS: { status: 409, meaning: "The product already has this version (1.2 and 1.2.0 are the same); upload a new version" },
  CHANGELOG_TOO_LONG: { status: 400, meaning: "The changelog is over 20,000 characters" },
  // The package (lib/releases/inspect-package.ts, lib/releases/zip-reader.ts)
  NOT_A_ZIP: { status: 400, meaning: "A plugin or theme file that is not a zip archive" },
  ZIP_CORRUPT: { status: 400, meaning: "The zip is damaged and cannot be read" },
  ZIP_NO_FOLDER: { status: 400, meaning: "The zip is empty, or has files outside a folder" },
  ZIP_MULTIPLE_FOLDERS: { status: 400, meaning: "The zip has more than one top-level folder" },
  ZIP_WRONG_FOLDER: { status: 400, meaning: "The zip's folder is not the product's package slug (WordPress would install the update elsewhere)" },
  ZIP_MISSING_HEADER: { status: 400, meaning: "No main PHP file with `Plugin Name:` / no style.css with `Theme Name:`" },
  ZIP_THEME_NO_INDEX: { status: 400, meaning: "A theme (not a child theme) without index.php or templates/index.html" },
  ZIP_NO_VERSION: { status: 400, meaning: "The main plugin file or style.css has no `Version:` header" },
  ZIP_INVALID_VERSION: { status: 400, meaning: "The `Version:` header is not a version like 1.2.3" },
  ZIP_UNSAFE_PATH: { status: 400, meaning: "An entry with `..`, an absolute path, a drive letter or a backslash" },
  ZIP_SYMLINK: { status: 400, meaning: "An entry is a symbolic link" },
  ZIP_ENCRYPTED: { status: 400, meaning: "An entry is encrypted" },
  ZIP_UNSUPPORTED_COMPRESSION: { status: 400, meaning: "An entry uses a compression method other than store or deflate" },
  ZIP_TOO_MANY_ENTRIES: { status: 400, meaning: "More entries than the store accepts" },
  ZIP_BOMB: { status: 400, meaning: "The zip unpacks to far more than its size (total, or a ratio that marks a zip bomb)" },
  // Status changes (lib/releases/manage-release.ts)
  ALREADY_PUBLISHED: { status: 409, meaning: "Publish: the release is already published" },
  ALREADY_YANKED: { status: 409, meaning: "Publish or yank: the release was yanked, which is final" },
  RELEASE_NOT_PUBLISHED: { status: 409, meaning: "Yank: the release is a draft (publish it, or delete it in Admin)" },
} as const;

export type ReleaseErrorCode = keyof typeof RELEASE_ERROR_CODES;

/** code → HTTP status, for lib/api/errors.ts. */
export const RELEASE_ERROR_STATUS = Object.fromEntries(Object.entries(RELEASE_ERROR_CODES).map(([code, entry]) => [code, entry.status])) as {
  [Code in ReleaseErrorCode]: (typeof RELEASE_ERROR_CODES)[Code]["status"];
};

/** The codes of one status, for the OpenAPI responses. */
export const releaseCodesWithStatus = (status: number): string =>
  Object.entries(RELEASE_ERROR_CODES)
    .filter(([, entry]) => entry.status === status)
    .map(([code]) => code)
    .join(", ");
