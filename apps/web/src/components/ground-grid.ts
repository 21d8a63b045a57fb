import L from 'leaflet';

/**
 * A faint grid in place of map tiles, so panning and zooming stay visible with no internet. Every
 * map of the platform draws on it: tiles would need a tile server the platform cannot count on.
 */
export class GroundGrid extends L.GridLayer {
  protected override createTile(): HTMLElement {
    const tile = document.createElement('canvas');
    const size = this.getTileSize();
    tile.width = size.x;
    tile.height = size.y;
    const ctx = tile.getContext('2d');
    if (ctx) {
      ctx.strokeStyle = 'rgba(0, 40, 80, 0.08)';
      ctx.strokeRect(0.5, 0.5, size.x, size.y);
    }
    return tile;
  }
}
