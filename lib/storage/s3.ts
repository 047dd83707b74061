// Release files and product images in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO,
// Backblaze B2…): the choice for several instances, which all see the same files. Uploads stream
// in 8 MiB parts, two at a time, so memory stays bounded whatever the file's size; downloads are
// presigned URLs the client fetches from the bucket directly.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { attachmentDisposition } from "./content-disposition";
import { storageKeySegments } from "./keys";
import type { FileStorage, StoredFile } from "./types";

export type S3StorageOptions = {
  bucket: string;
  /** An S3-compatible server's URL; unset = AWS. */
  endpoint?: string;
  region?: string;
  /** Bucket in the path instead of the host name (most self-hosted servers need it). */
  forcePathStyle?: boolean;
  /** Tests only: otherwise the SDK's usual chain (AWS_ACCESS_KEY_ID…, profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

const PART_SIZE = 8 * 1024 * 1024;
const PARALLEL_PARTS = 2;

const isNoSuchKey = (error: unknown) => error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound");

export function createS3Storage(options: S3StorageOptions): FileStorage {
  const client = new S3Client({
    endpoint: options.endpoint,
    // S3-compatible servers ignore the region but the signature needs one; AWS finds the
    // bucket's own through the SDK's chain and redirects.
    region: options.region ?? (options.endpoint ? "us-east-1" : undefined),
    followRegionRedirects: true,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: options.credentials,
    // Since 2025 the SDK adds CRC checksums to every upload and checks them on every download by
    // default; many S3-compatible servers (older MinIO, R2 at first, Backblaze B2, s3rver) reject
    // or omit them. Checksums only where an operation requires them works everywhere.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = options.bucket;
  const keyOf = (key: string) => storageKeySegments(key).join("/");

  return {
    kind: "s3",

    async putFile(key, filePath, { contentType }) {
      const upload = new Upload({
        client,
        params: { Bucket, Key: keyOf(key), Body: createReadStream(filePath), ContentType: contentType },
        partSize: PART_SIZE,
        queueSize: PARALLEL_PARTS,
        leavePartsOnError: false, // a failed multipart upload is aborted, not left to bill
      });
      await upload.done();
    },

    async open(key): Promise<StoredFile | null> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
        if (!(object.Body instanceof Readable)) throw new Error("S3 GetObject answered without a stream body");
        return { size: object.ContentLength ?? 0, stream: object.Body };
      } catch (error) {
        if (isNoSuchKey(error)) return null;
        throw error;
      }
    },

    async presignedDownloadUrl(key, { fileName, contentType, expiresInSeconds }) {
      const command = new GetObjectCommand({
        Bucket,
        Key: keyOf(key),
        ResponseContentDisposition: attachmentDisposition(fileName),
        ResponseContentType: contentType,
      });
      return getSignedUrl(client, command, { expiresIn: expiresInSeconds });
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) })); // a missing key is no error in S3
    },

    async check() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
  };
}
