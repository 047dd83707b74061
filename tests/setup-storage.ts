// Every test process (and each store server it starts, which inherits the environment) keeps
// release files and product images in one temp folder instead of the repository's data/files.
import { tmpdir } from "node:os";
import path from "node:path";

process.env.STORAGE_DIR ??= path.join(tmpdir(), "cp-store-test-files");
