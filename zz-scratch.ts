import { Catalog } from './server/src/catalog/catalog';
import { loadUserCatalog, locateInCatalogText } from './server/src/catalog/userCatalog';
for (const n of [1000, 4000]) {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) paths[`/p${i}`] = { get: { operationId: 'same', responses: { '200': { description: 'ok' } } } };
  const text = JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths }, null, 2);
  const r = loadUserCatalog('dup', text, 'dup.json');
  if ('error' in r) { console.log(r.error); continue; }
  const c = new Catalog();
  c.add(r.loaded, 'dup');
  const t = Date.now();
  let located = 0;
  for (const p of c.problems) if (p.at && locateInCatalogText(text, 'dup.json', p.at)) located++;
  console.log(n, text.length, c.problems.length, located, Date.now() - t, 'ms');
}
