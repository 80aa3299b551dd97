import { randomUUID } from 'node:crypto';
import type { CachePort } from '../../chapters/04-performance/cache-port.js';
import type { MongoProductRepository, Product } from './mongo-product.repository.js';
import type { CreateProductBody, ProductPage, ProductResponse } from './product.schemas.js';

/** Every cached list carries this tag: one `invalidateTag` drops all of them, in every instance. */
export const PRODUCT_LISTS_TAG = 'products:lists';
/** The tag of one product's entries. */
export const productTag = (id: string): string => `product:${id}`;

export interface CatalogCacheSettings {
  /** Lifetime of a cached page or product in Redis (seconds). Invalidation, not expiry, keeps them fresh. */
  readonly ttlSeconds: number;
}

/** The catalogue's use cases, read through the two-level cache. */
export interface ProductCatalog {
  list(query: { limit: number; after?: string | undefined }): Promise<ProductPage>;
  /** `null` when there is no such product (cached too, so a scan of unknown ids does not reach MongoDB each time). */
  get(id: string): Promise<ProductResponse | null>;
  create(input: CreateProductBody): Promise<ProductResponse>;
  /** After stock changed elsewhere (the worker): drop the lists and these products everywhere. */
  invalidate(productIds: readonly string[]): Promise<void>;
}

export function toProductResponse(product: Product): ProductResponse {
  return {
    id: product.id,
    name: product.name,
    priceCents: product.priceCents,
    stock: product.stock,
    createdAt: product.createdAt.toISOString(),
  };
}

// #region catalog
/**
 * Lists and products through Chapter 4's cache: single flight on a cold key, L1 in this process, L2 in Redis, and tag
 * invalidation published to every instance when a product is created or its stock changes.
 *
 * @example
 * const catalog = createProductCatalog({ products, cache, settings: { ttlSeconds: 60 } });
 * const page = await catalog.list({ limit: 20 });
 */
export function createProductCatalog(deps: {
  products: MongoProductRepository;
  cache: CachePort;
  settings: CatalogCacheSettings;
  now?: () => Date;
  newId?: () => string;
}): ProductCatalog {
  const { products, cache } = deps;
  const ttlSeconds = deps.settings.ttlSeconds;
  const now = deps.now ?? ((): Date => new Date());
  const newId = deps.newId ?? randomUUID;

  return {
    list(query) {
      const key = `products:page:${query.limit}:${query.after ?? ''}`;
      return cache.getOrSet(
        key,
        async () => {
          const page = await products.page(query);
          return { items: page.items.map(toProductResponse), next: page.next };
        },
        { ttlSeconds, tags: [PRODUCT_LISTS_TAG] },
      );
    },
    get(id) {
      return cache.getOrSet(
        `product:${id}`,
        async () => {
          const product = await products.findById(id);
          return product ? toProductResponse(product) : null;
        },
        { ttlSeconds, tags: [productTag(id)] },
      );
    },
    async create(input) {
      const product: Product = {
        id: newId(),
        name: input.name,
        priceCents: input.priceCents,
        stock: input.stock,
        createdAt: now(),
      };
      await products.insert(product);
      await this.invalidate([product.id]);
      return toProductResponse(product);
    },
    async invalidate(productIds) {
      await cache.invalidateTag(PRODUCT_LISTS_TAG);
      for (const id of productIds) await cache.invalidateTag(productTag(id));
    },
  };
}
// #endregion catalog
