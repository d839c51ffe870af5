import type { oas31 } from 'zod-openapi';
import { anchor, blockMarkdown, escapeHtml, inlineMarkdown } from './html.js';
import { notes, renderSchema, typeLabel, type TSchema } from './render-schema.js';

/** The page's only style sheet, inline: the docs route allows exactly this text by its hash. */
export const DOCS_CSS = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2430;background:#fafbfc}
header,main{max-width:1100px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1 small{font-weight:400;color:#667}
h2{border-bottom:2px solid #dde2ea;padding-bottom:4px;margin-top:40px}
nav ul{columns:3;list-style:none;padding:0}
nav li{margin:2px 0}
article{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:12px 18px;margin:16px 0}
h3{margin:4px 0;font-size:17px}
h4{margin:14px 0 4px;font-size:14px;text-transform:uppercase;color:#556}
code{font:13px ui-monospace,monospace;background:#f0f2f5;padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:4px 0}
th,td{border:1px solid #e3e7ee;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f7fa;font-weight:600}
.fields .fields{margin-top:6px}
td:first-child{white-space:nowrap}
.m{display:inline-block;min-width:56px;text-align:center;color:#fff;border-radius:4px;font:600 12px ui-monospace,monospace;padding:3px 6px;margin-right:8px}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#b26a00}.delete{background:#c62828}
.req{color:#c62828;font-size:12px}
.auth,.alt,.type{color:#556;margin:4px 0}
`;

type TOperationEntry = { method: string; path: string; operation: oas31.OperationObject };

const isRef = (value: object): value is oas31.ReferenceObject => '$ref' in value;
const asSchema = (schema: unknown): TSchema => (schema ?? {}) as TSchema;

function securityLabel(
  document: oas31.OpenAPIObject,
  requirements: oas31.SecurityRequirementObject[] | undefined,
): string {
  const names = (requirements ?? []).flatMap((requirement) => Object.keys(requirement));
  if (names.length === 0) return 'none';
  return names
    .map((name) => {
      const scheme = document.components?.securitySchemes?.[name];
      if (!scheme || isRef(scheme)) return escapeHtml(name);
      return scheme.type === 'http'
        ? '<code>Authorization: Bearer &lt;token&gt;</code>'
        : `<code>${escapeHtml(scheme.name ?? name)}</code> header`;
    })
    .join(' or ');
}

function parametersTable(parameters: ReadonlyArray<oas31.ParameterObject | oas31.ReferenceObject>): string {
  const rows = parameters
    .filter((parameter): parameter is oas31.ParameterObject => !isRef(parameter))
    .map((p) => {
      const schema = asSchema(p.schema);
      // zod-openapi copies a described schema's description onto the parameter: show it once.
      const about = [p.description ? inlineMarkdown(p.description) : '', notes(schema, p.description === undefined)]
        .filter((part) => part !== '')
        .join('<br>');
      const flag = p.required ? ' <span class="req">required</span>' : '';
      return `<tr><td><code>${escapeHtml(p.name)}</code>${flag}</td><td>${escapeHtml(p.in)}</td><td>${typeLabel(schema)}</td><td>${about}</td></tr>`;
    });
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function contentView(content: oas31.ContentObject | undefined): string {
  return Object.entries(content ?? {})
    .map(([type, media]) => renderSchema(asSchema(media.schema), `<code>${escapeHtml(type)}</code> `))
    .join('');
}

function responsesTable(responses: oas31.ResponsesObject): string {
  const rows = Object.entries(responses).map(
    ([status, response]: [string, oas31.ResponseObject | oas31.ReferenceObject]) => {
      if (isRef(response)) return `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(response.$ref)}</td></tr>`;
      const headers = Object.entries(response.headers ?? {})
        .map(
          ([name, header]) =>
            `<br>header <code>${escapeHtml(name)}</code>${!isRef(header) && header.description ? `: ${inlineMarkdown(header.description)}` : ''}`,
        )
        .join('');
      return `<tr><td><strong>${escapeHtml(status)}</strong></td><td>${inlineMarkdown(response.description)}${headers}${contentView(response.content)}</td></tr>`;
    },
  );
  return `<h4>Responses</h4><table><tbody>${rows.join('')}</tbody></table>`;
}

function operationView(document: oas31.OpenAPIObject, { method, path, operation }: TOperationEntry): string {
  const body =
    operation.requestBody && !isRef(operation.requestBody)
      ? `<h4>Request body</h4>${contentView(operation.requestBody.content)}`
      : '';
  return `<article id="${anchor('op', operation.operationId ?? `${method}-${path}`)}">
<h3><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span><code>${escapeHtml(path)}</code></h3>
<p><strong>${escapeHtml(operation.summary ?? '')}</strong>${operation.description ? ` — ${inlineMarkdown(operation.description)}` : ''}</p>
<p class="auth">Auth: ${securityLabel(document, operation.security)}</p>
${operation.parameters?.length ? parametersTable(operation.parameters) : ''}${body}${responsesTable(operation.responses ?? {})}
</article>`;
}

function operationsByTag(document: oas31.OpenAPIObject): Map<string, TOperationEntry[]> {
  const byTag = new Map<string, TOperationEntry[]>((document.tags ?? []).map((tag) => [tag.name, []]));
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, operation }]);
    }
  }
  return byTag;
}

/** The whole reference as one static HTML page: no scripts, one inline style sheet (DOCS_CSS). */
export function renderDocsPage(document: oas31.OpenAPIObject, documentUrl: string): string {
  const byTag = operationsByTag(document);
  const tagInfo = new Map((document.tags ?? []).map((tag) => [tag.name, tag.description ?? '']));
  const toc = [...byTag]
    .flatMap(([, ops]) => ops)
    .map(
      ({ method, path, operation }) =>
        `<li><a href="#${anchor('op', operation.operationId ?? `${method}-${path}`)}">${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</a></li>`,
    );
  const sections = [...byTag]
    .filter(([, ops]) => ops.length > 0)
    .map(
      ([tag, ops]) =>
        `<section id="${anchor('tag', tag)}"><h2>${escapeHtml(tag)}</h2><p>${inlineMarkdown(tagInfo.get(tag) ?? '')}</p>${ops.map((op) => operationView(document, op)).join('\n')}</section>`,
    );
  const schemas = Object.entries(document.components?.schemas ?? {}).map(
    ([name, schema]) =>
      `<article id="${anchor('schema', name)}"><h3>${escapeHtml(name)}</h3>${renderSchema(asSchema(schema))}</article>`,
  );
  const { title, version, description } = document.info;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} reference</title>
<style>${DOCS_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(title)} <small>${escapeHtml(version)}</small></h1>
<p>OpenAPI ${escapeHtml(document.openapi)} document: <a href="${escapeHtml(documentUrl)}">${escapeHtml(documentUrl)}</a> (load it into any OpenAPI tool).</p></header>
<main>
${blockMarkdown(description ?? '')}
<nav><h2>Operations</h2><ul>${toc.join('')}</ul></nav>
${sections.join('\n')}
<section id="schemas"><h2>Schemas</h2>${schemas.join('\n')}</section>
</main>
</body>
</html>
`;
}
