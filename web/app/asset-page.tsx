import type { AssetPageParts } from '../lib/asset-page';
import { AssetPartsCard } from '../features/parts/AssetPartsCard';

/** What the other features add to the asset page; composed here so the assets feature imports none of them. */
export const assetPageParts: AssetPageParts = {
  panels: [{ key: 'parts', Panel: AssetPartsCard }],
};
