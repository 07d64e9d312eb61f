/**
 * Chart.js, registered with only the parts the portal draws (bar charts), behind a small component. The canvas
 * has a text alternative; every chart on the page also has its data as a table.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export const BarChart = (props: {
  readonly config: ChartConfiguration<'bar'>;
  readonly label: string;
  readonly height?: number;
}) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, props.config);
    return () => chart.destroy();
  }, [props.config]);
  return (
    <div class="chart" data-height={props.height ?? 360}>
      <canvas ref={canvas} role="img" aria-label={props.label} height={props.height ?? 360} />
    </div>
  );
};
