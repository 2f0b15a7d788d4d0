/** assets: products and serviced assets with their warranty terms and typed attributes. */
export { checkAssetOfCustomer, createAssetService, warrantyOf, type AssetService } from './assets.service';
export { assetRoutes } from './assets.routes';
/** Published view: other modules read assets through it, never through the tables. */
export { assetRefs, productRefs } from './assets.schema';
