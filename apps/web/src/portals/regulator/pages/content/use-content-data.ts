import { useState } from 'react';
import {
  useRegulatorPages,
  useRenderedPage,
  useSavePage,
  type RegulatorPage,
} from '../../../../features/content-admin/queries.ts';

/** The city's guide and FAQ pages, the one being edited, its server rendering, saving. */
export function useContentData() {
  const pages = useRegulatorPages();
  const save = useSavePage();
  // The page as last saved: its published rendering is what the preview shows.
  const [saved, setSaved] = useState<RegulatorPage | null>(null);
  const rendered = useRenderedPage(saved);
  return { pages, save, saved, setSaved, rendered };
}
