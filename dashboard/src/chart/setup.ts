/**
 * chart.js, tree-shaken: only what a line chart with a filled area and tooltips needs
 * (no legend, title, other controllers or scales), registered once.
 */
import { CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Filler, Tooltip);

export { Chart };
