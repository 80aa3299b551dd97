import { Router, type RequestHandler } from 'express';
import { parseBody } from '../../chapters/02-architecture/adapters/http/parse-body.js';
import { NotFoundError } from '../../chapters/02-architecture/errors/app-error.js';
import { principalOf } from '../../chapters/03-security/auth/bearer-auth.middleware.js';
import { currentTraceContext, formatTraceparent, newSpanId } from '../../chapters/08-production/trace-context.js';
import { isResourceId } from '../catalog/product.schemas.js';
import { IdempotencyKeyMissingError } from './order-errors.js';
import type { OrderResponse } from './order.schemas.js';
import { placeOrderBody } from './order.schemas.js';
import type { Order, OrderRepository } from './order.repository.port.js';
import type { PlaceOrder } from './place-order.use-case.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface OrdersRouterDeps {
  readonly placeOrder: PlaceOrder;
  readonly orders: Pick<OrderRepository, 'findOwned'>;
  readonly requireAuth: RequestHandler;
  /** Counts orders accepted (not replays), for `/metrics`. */
  readonly onPlaced?: () => void;
}

/** The order as its owner sees it: built field by field, so storage fields (outbox, hashes) never leak. */
export function toOrderResponse(order: Order): OrderResponse {
  return {
    id: order.id,
    status: order.status,
    items: order.items.map((item) => ({
      productId: item.productId,
      name: item.name,
      quantity: item.quantity,
      unitPriceCents: item.unitPriceCents,
    })),
    ...(order.reason === undefined ? {} : { reason: order.reason }),
    ...(order.invoice === undefined
      ? {}
      : { invoice: { ...order.invoice, lines: order.invoice.lines.map((line) => ({ ...line })) } }),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** `POST /` and `GET /:id`, both for signed-in users; mounted at `/api/orders`. */
export function createOrdersRouter(deps: OrdersRouterDeps): Router {
  const router = Router();
  router.post('/', deps.requireAuth, async (req, res) => {
    const key = req.get('idempotency-key');
    if (key === undefined || !IDEMPOTENCY_KEY.test(key)) throw new IdempotencyKeyMissingError();
    const body = parseBody(placeOrderBody, req.body);
    const trace = currentTraceContext();
    const result = await deps.placeOrder({
      userId: principalOf(res).userId,
      idempotencyKey: key,
      body,
      ...(trace
        ? { traceparent: formatTraceparent({ traceId: trace.traceId, spanId: newSpanId(), flags: trace.flags }) }
        : {}),
    });
    if (!result.replayed) deps.onPlaced?.();
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(202).location(`${req.baseUrl}/${result.id}`).json({ id: result.id, status: result.status });
  });
  router.get('/:id', deps.requireAuth, async (req, res) => {
    const id = String(req.params.id);
    // Someone else's order is a 404 too: a 403 would confirm that the id exists.
    const order = isResourceId(id) ? await deps.orders.findOwned(id.toLowerCase(), principalOf(res).userId) : undefined;
    if (!order) throw new NotFoundError(`No order with id ${JSON.stringify(id.slice(0, 64))}`);
    res.set('Cache-Control', 'no-store').json(toOrderResponse(order));
  });
  return router;
}
