import { Router, type RequestHandler } from 'express';
import { parseBody } from '../../chapters/02-architecture/adapters/http/parse-body.js';
import { NotFoundError } from '../../chapters/02-architecture/errors/app-error.js';
import { requireRole } from '../../chapters/03-security/auth/require-role.middleware.js';
import { parseQuery } from '../shared/parse-query.js';
import { createCachedJsonSender } from './cached-json.js';
import type { ProductCatalog } from './product-catalog.js';
import { createProductBody, isResourceId, listProductsQuery } from './product.schemas.js';

export interface ProductsRouterDeps {
  readonly catalog: ProductCatalog;
  readonly requireAuth: RequestHandler;
}

/** `GET /`, `GET /:id` (anyone) and `POST /` (admins); mounted at `/api/products`. */
export function createProductsRouter(deps: ProductsRouterDeps): Router {
  const router = Router();
  // Pages come from the catalogue's cache and are not changed there: their bytes and ETag are computed once.
  const sendPage = createCachedJsonSender();
  router.get('/', async (req, res) => {
    const query = parseQuery(listProductsQuery, req.query);
    sendPage(res, await deps.catalog.list(query));
  });
  router.get('/:id', async (req, res) => {
    const id = String(req.params.id);
    // A malformed id names no product: 404, the same answer as an unknown one, and no query is built from it.
    const product = isResourceId(id) ? await deps.catalog.get(id.toLowerCase()) : null;
    if (!product) throw new NotFoundError(`No product with id ${JSON.stringify(id.slice(0, 64))}`);
    res.json(product);
  });
  router.post('/', deps.requireAuth, requireRole('admin'), async (req, res) => {
    const product = await deps.catalog.create(parseBody(createProductBody, req.body));
    res.status(201).location(`${req.baseUrl}/${product.id}`).json(product);
  });
  return router;
}
