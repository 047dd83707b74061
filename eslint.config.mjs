// ESLint: Next.js's recommended rules (core web vitals, React, hooks, accessibility, imports)
// and typescript-eslint's, over the app, the server, scripts, the benchmark and the tests.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // A leading underscore marks a value destructured or received only to be left out.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Request bodies are read only through lib/http/read-body.ts, which bounds them while they
    // stream; these Web API readers buffer whatever a client sends.
    files: ["app/**/*.ts", "app/**/*.tsx", "lib/**/*.ts", "server/**/*.ts"],
    ignores: ["lib/http/read-body.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(text|json|arrayBuffer|formData|blob)$/][callee.object.name=/^(request|req|incoming)$/]",
          message: "Read request bodies with readBodyWithin (lib/http/read-body.ts): it bounds them while they stream.",
        },
      ],
    },
  },
  globalIgnores([".next/**", ".next-*/**", "lib/db/generated/**", "prisma/sqlite/**", "prisma/postgresql/**", "bench/tmp/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
]);
