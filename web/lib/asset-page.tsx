import { createContext, useContext, type ComponentType } from 'react';

/**
 * What other features add to the asset page (A2: the parts that fit it, with prices and
 * stock), without the assets feature knowing them. `web/app` fills it; the asset page reads it.
 */
export interface AssetPanel {
  key: string;
  Panel: ComponentType<{ assetId: string }>;
}

export interface AssetPageParts {
  panels: readonly AssetPanel[];
}

const Parts = createContext<AssetPageParts>({ panels: [] });

export const AssetPagePartsProvider = Parts.Provider;

export function useAssetPageParts(): AssetPageParts {
  return useContext(Parts);
}
