import type { AssetPageParts } from '../lib/asset-page';
import { AssetPartsCard } from '../features/parts/AssetPartsCard';
import { FittedPartsCard } from '../features/parts/FittedPartsCard';

/** What the other features add to the asset page; composed here so the assets feature imports none of them. */
export const assetPageParts: AssetPageParts = {
  panels: [
    { key: 'parts', Panel: AssetPartsCard },
    { key: 'fitted-parts', Panel: FittedPartsCard },
  ],
};
