/**
 * Room kept around the graph when fitting it to the canvas: the zoom controls (bottom left)
 * and the minimap (bottom right) float over the canvas, and a node fitted under them could
 * not be clicked or connected. A fifth of the canvas on each side clears both at 1280 px.
 */
export const FIT_PADDING = 0.2;
