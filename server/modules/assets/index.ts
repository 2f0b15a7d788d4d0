/** assets: products and serviced assets with their warranty terms and typed attributes. */
export { createAssetService, warrantyOf, type AssetService } from './assets.service';
export { assetRoutes } from './assets.routes';
