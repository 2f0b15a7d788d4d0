import { AssetPagePartsProvider, type AssetPageParts } from '../lib/asset-page';
import { AssetPage } from '../features/assets/AssetPage';
import { AssetPartsCard } from '../features/parts/AssetPartsCard';
import { FittedPartsCard } from '../features/parts/FittedPartsCard';

/** What the other features add to the asset page; composed here so the assets feature imports none of them. */
export const assetPageParts: AssetPageParts = {
  panels: [
    { key: 'parts', Panel: AssetPartsCard },
    { key: 'fitted-parts', Panel: FittedPartsCard },
  ],
};

/** The asset page with what the other features add to it: a route of its own, loaded when opened. */
export function AssetRoute() {
  return (
    <AssetPagePartsProvider value={assetPageParts}>
      <AssetPage />
    </AssetPagePartsProvider>
  );
}
