// The API reference, rendered on the server from the same OpenAPI document /api/v1/openapi.json
// serves. Plain HTML and the app's own CSS: no scripts, stylesheets or fonts from elsewhere, so it
// reads offline.
import { Fragment } from "react";
import { createApiDocument } from "@/lib/api/openapi/document";
import { buildApiReference, type Field, type ReferenceOperation, type TypeLabel } from "@/lib/api/openapi/reference";

export const metadata = { title: "API reference" };

const METHOD_COLOURS: Record<string, string> = {
  GET: "bg-sky-100 text-sky-800",
  POST: "bg-emerald-100 text-emerald-800",
  DELETE: "bg-red-100 text-red-800",
};

/** `code` and **bold** in the document's descriptions; everything else is text. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part, i) =>
        part.startsWith("`") ? (
          <code key={i} className="rounded bg-slate-100 px-1 text-[0.9em]">{part.slice(1, -1)}</code>
        ) : part.startsWith("**") ? (
          <strong key={i}>{part.slice(2, -2)}</strong>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

function Type({ label }: { label: TypeLabel }) {
  return (
    <code className="text-xs text-slate-700">
      {label.map((piece, i) =>
        piece.ref ? <a key={i} href={`#schema-${piece.ref}`} className="text-indigo-700 underline">{piece.text}</a> : <Fragment key={i}>{piece.text}</Fragment>,
      )}
    </code>
  );
}

function FieldTable({ fields, location }: { fields: (Field & { location?: string })[]; location?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1 pr-4">Name</th>
            {location && <th className="py-1 pr-4">In</th>}
            <th className="py-1 pr-4">Type</th>
            <th className="py-1">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {fields.map((field) => (
            <tr key={`${field.location ?? ""}${field.name}`}>
              <td className="py-1.5 pr-4 font-mono text-xs">
                {field.name}
                {field.required && <span className="ml-1 text-red-600" title="required">*</span>}
              </td>
              {location && <td className="py-1.5 pr-4 text-xs">{field.location}</td>}
              <td className="py-1.5 pr-4"><Type label={field.type} /></td>
              <td className="py-1.5 text-slate-700"><Prose text={field.description} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Operation({ operation }: { operation: ReferenceOperation }) {
  return (
    <section id={operation.id} className="scroll-mt-4 space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h3 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
        <span className={`rounded px-2 py-0.5 font-mono text-xs ${METHOD_COLOURS[operation.method] ?? "bg-slate-100"}`}>{operation.method}</span>
        <code className="text-base">{operation.path}</code>
      </h3>
      <p className="font-medium">{operation.summary}</p>
      <p className="text-sm text-slate-700"><Prose text={operation.description} /></p>
      <p className="text-sm"><span className="font-medium">Authentication:</span> {operation.auth}</p>
      {operation.parameters.length > 0 && (
        <div>
          <h4 className="mb-1 text-sm font-semibold">Parameters</h4>
          <FieldTable fields={operation.parameters} location />
        </div>
      )}
      {operation.body && (
        <div>
          <h4 className="mb-1 text-sm font-semibold">
            Request body ({operation.body.contentTypes.join(" or ")}{operation.body.required ? "" : ", optional"})
          </h4>
          <FieldTable fields={operation.body.fields} />
        </div>
      )}
      <div>
        <h4 className="mb-1 text-sm font-semibold">Responses</h4>
        <ul className="space-y-1 text-sm">
          {operation.responses.map((response) => (
            <li key={response.status}>
              <span className="font-mono font-semibold">{response.status}</span> <Prose text={response.description} />
              {response.type && <> · <Type label={response.type} /></>}
            </li>
          ))}
        </ul>
      </div>
      {operation.curl && (
        <div>
          <h4 className="mb-1 text-sm font-semibold">Example</h4>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"><code>{operation.curl}</code></pre>
        </div>
      )}
    </section>
  );
}

export default function ApiReferencePage() {
  const reference = buildApiReference(createApiDocument());
  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <h1 className="text-2xl font-semibold">{reference.title} <span className="text-base font-normal text-slate-500">v{reference.version}</span></h1>
        {reference.description.split("\n\n").map((paragraph, i) => (
          <p key={i} className="max-w-3xl text-slate-700"><Prose text={paragraph} /></p>
        ))}
        <p className="text-sm">
          Machine-readable: <a href="/api/v1/openapi.json" className="text-indigo-700 underline">/api/v1/openapi.json</a> (OpenAPI 3.1).
          The examples expect two shell variables:
        </p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"><code>{"export STORE_URL=http://localhost:3000\nexport API_KEY=sk_…   # Admin → API keys"}</code></pre>
      </header>

      <nav aria-label="Operations" className="rounded-lg border border-slate-200 bg-white p-5 text-sm">
        {reference.groups.map((group) => (
          <div key={group.tag} className="mb-3 last:mb-0">
            <p className="font-semibold">{group.tag}</p>
            <ul className="mt-1 space-y-0.5">
              {group.operations.map((operation) => (
                <li key={operation.id}>
                  <a href={`#${operation.id}`} className="hover:text-indigo-700">
                    <span className="inline-block w-16 font-mono text-xs">{operation.method}</span>
                    <code>{operation.path}</code> · {operation.summary}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>

      {reference.groups.map((group) => (
        <section key={group.tag} className="space-y-4">
          <h2 className="text-xl font-semibold">{group.tag}</h2>
          <p className="text-sm text-slate-600">{group.description}</p>
          {group.operations.map((operation) => <Operation key={operation.id} operation={operation} />)}
        </section>
      ))}

      <section className="space-y-4">
        <h2 className="text-xl font-semibold">Schemas</h2>
        {reference.schemas.map((schema) => (
          <div key={schema.name} id={`schema-${schema.name}`} className="scroll-mt-4 space-y-2 rounded-lg border border-slate-200 bg-white p-5">
            <h3 className="font-mono text-base font-semibold">{schema.name}</h3>
            {schema.description && <p className="text-sm text-slate-700"><Prose text={schema.description} /></p>}
            {schema.fields.length > 0 ? <FieldTable fields={schema.fields} /> : <p className="text-sm"><Type label={schema.type} /></p>}
          </div>
        ))}
      </section>
    </div>
  );
}
