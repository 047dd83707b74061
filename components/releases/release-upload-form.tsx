"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = {
  productId: string;
  /** plugin | theme: the version comes from the zip; other: it must be given. */
  kind: string;
  packageFolder: string;
  maxMegabytes: number;
};

type UploadAnswer =
  | { ok: true; release: { version: string; status: string } }
  | { ok: false; code: string; message: string };

type FieldName = "file" | "version" | "channel" | "changelog";

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500";

/**
 * Which field a refusal belongs to: the version the admin typed, the channel, the notes; every
 * other one (each zip rule has its own sentence) is about the file.
 */
function fieldFor(code: string, { kind, typedVersion }: { kind: string; typedVersion: boolean }): FieldName {
  if (code === "INVALID_VERSION" && typedVersion) return "version";
  if (code === "VERSION_REQUIRED" && kind === "other") return "version";
  if (code === "INVALID_CHANNEL") return "channel";
  if (code === "CHANGELOG_TOO_LONG") return "changelog";
  return "file";
}

/** POSTs the form as multipart with XMLHttpRequest, for its upload progress events. */
function send(url: string, body: FormData, onProgress: (fraction: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      const body = request.response as { release?: { version: string; status: string }; error?: { code: string; message: string } } | null;
      if (request.status === 201 && body?.release) resolve({ ok: true, release: body.release });
      else resolve({ ok: false, code: body?.error?.code ?? "UPLOAD_FAILED", message: body?.error?.message ?? `The upload failed (HTTP ${request.status})` });
    });
    request.addEventListener("error", () => resolve({ ok: false, code: "NETWORK", message: "The upload was interrupted; check the connection and try again" }));
    request.send(body);
  });
}

/**
 * Uploads a release file. The store reads the version and the WordPress requirements from a
 * plugin or theme zip; "Save as draft" keeps it from customers until it is published.
 */
export function ReleaseUploadForm({ productId, kind, packageFolder, maxMegabytes }: Props) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [success, setSuccess] = useState<string | null>(null);
  const zip = kind !== "other";

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(event.currentTarget);
    data.set("publish", submitter?.value === "publish" ? "true" : "false");
    const file = data.get("file");
    setSuccess(null);
    if (!(file instanceof File) || file.size === 0) {
      setErrors({ file: file instanceof File && file.name ? "The file is empty" : "Choose the file to upload" });
      return;
    }
    if (!zip && !String(data.get("version") ?? "").trim()) {
      setErrors({ version: "Give the version of this file (e.g. 1.2.3)" });
      return;
    }
    setErrors({});
    setProgress(0);
    const answer = await send(`/admin/products/${encodeURIComponent(productId)}/releases/upload`, data, setProgress);
    setProgress(null);
    if (!answer.ok) {
      const typedVersion = Boolean(String(data.get("version") ?? "").trim());
      setErrors({ [fieldFor(answer.code, { kind, typedVersion })]: answer.message });
      return;
    }
    form.current?.reset();
    setSuccess(answer.release.status === "published" ? `Published ${answer.release.version}.` : `Saved ${answer.release.version} as a draft.`);
    router.refresh();
  }

  const describedBy = (name: FieldName) => [`${name}-hint`, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ");
  const error = (name: FieldName) => errors[name] && <p id={`${name}-error`} className="text-sm text-red-600">{errors[name]}</p>;
  const busy = progress !== null;

  return (
    <form ref={form} onSubmit={submit} className="space-y-5" noValidate aria-busy={busy}>
      {Object.keys(errors).length > 0 && <Alert>The release was not saved: see the highlighted field.</Alert>}
      {success && <Alert tone="success">{success}</Alert>}
      <div className="space-y-1">
        <label htmlFor="file" className="block text-sm font-medium text-slate-700">File</label>
        <input
          id="file"
          name="file"
          type="file"
          required
          accept={zip ? ".zip,application/zip" : undefined}
          aria-invalid={errors.file ? true : undefined}
          aria-describedby={describedBy("file")}
          className="block w-full min-w-0 text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-100"
        />
        <p id="file-hint" className="text-xs text-slate-500">
          {zip
            ? `A ${kind} zip with one top-level folder, ${packageFolder}/, as WordPress installs it. At most ${maxMegabytes} MB.`
            : `Any file, at most ${maxMegabytes} MB.`}
        </p>
        {error("file")}
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="version" className="block text-sm font-medium text-slate-700">Version{zip ? " (optional)" : ""}</label>
          <input
            id="version"
            name="version"
            required={!zip}
            autoCapitalize="none"
            spellCheck={false}
            placeholder="1.2.3"
            aria-invalid={errors.version ? true : undefined}
            aria-describedby={describedBy("version")}
            className={inputClass}
          />
          <p id="version-hint" className="text-xs text-slate-500">
            {zip ? `Read from the ${kind === "theme" ? "style.css" : "main file"}'s Version: header; if you give it, it must match.` : "Like 1.2.3 or 2.0.0-beta.1."}
          </p>
          {error("version")}
        </div>
        <div className="space-y-1">
          <label htmlFor="channel" className="block text-sm font-medium text-slate-700">Channel</label>
          <select id="channel" name="channel" defaultValue="stable" aria-invalid={errors.channel ? true : undefined} aria-describedby={describedBy("channel")} className={inputClass}>
            <option value="stable">Stable</option>
            <option value="beta">Beta</option>
          </select>
          <p id="channel-hint" className="text-xs text-slate-500">Beta releases go only to sites and customers who ask for them.</p>
          {error("channel")}
        </div>
      </div>
      <div className="space-y-1">
        <label htmlFor="changelog" className="block text-sm font-medium text-slate-700">Changelog</label>
        <textarea id="changelog" name="changelog" rows={4} aria-invalid={errors.changelog ? true : undefined} aria-describedby={describedBy("changelog")} className={inputClass} />
        <p id="changelog-hint" className="text-xs text-slate-500">Markdown. Shown to customers and in WordPress&apos;s “View details” dialog.</p>
        {error("changelog")}
      </div>
      {progress !== null && (
        <div className="space-y-1">
          <label htmlFor="upload-progress" className="block text-sm text-slate-700">Uploading… {Math.round(progress * 100)} %</label>
          <progress id="upload-progress" max={1} value={progress} className="h-2 w-full accent-indigo-600" />
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="intent" value="publish" disabled={busy}>Publish</Button>
        <Button type="submit" name="intent" value="draft" variant="secondary" disabled={busy}>Save as draft</Button>
      </div>
    </form>
  );
}
