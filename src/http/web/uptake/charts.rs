//! The geometry of the uptake charts: stacked bars, horizontal (one per recommendation or
//! tool) and vertical (one per period). The SVG itself is written in `partials/charts.html`;
//! here are only positions, sizes and the numbers, the same numbers as the table beside each
//! chart (each segment carries its table cell's key).

/// One series of a chart (a status or an outcome): its key, words, and fill pattern.
#[derive(Debug, Clone)]
pub struct Series {
    /// The stored name (`planned`, `helped`, ...), also its CSS class `series-{key}`.
    pub key: String,
    /// In words.
    pub label: String,
    /// Which of the fill patterns (0 solid, 1 diagonal, 2 dots, 3 horizontal, 4 cross, 5
    /// vertical), so that no series is told apart by colour alone.
    pub pattern: usize,
}

/// A tick on a chart's value axis: its grid line and its number.
#[derive(Debug, Clone)]
pub struct Tick {
    /// Where, along the axis.
    pub pos: f64,
    /// The value written there.
    pub label: String,
    /// The grid line: x1, y1, x2, y2.
    pub line: (f64, f64, f64, f64),
    /// Where the number is written.
    pub text_at: (f64, f64),
}

/// A stacked piece of a bar.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The key of the table cell with the same number (`P3/implemented`).
    pub key: String,
    /// The series' key.
    pub series: String,
    /// The number.
    pub value: i64,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Where the number is written inside it, when it fits.
    pub label_at: Option<(f64, f64)>,
    /// The hover text: what and how many.
    pub title: String,
}

/// One bar with its segments.
#[derive(Debug, Clone)]
pub struct Bar {
    /// What the bar is about (`P3 …`, a tool, a period).
    pub label: String,
    /// Where the label is written.
    pub label_x: f64,
    /// Where the label is written.
    pub label_y: f64,
    /// Whether the label is written (long time axes show every few).
    pub show_label: bool,
    /// The segments, in series order, zeros left out.
    pub segments: Vec<Segment>,
    /// The sum.
    pub total: i64,
    /// Where the sum is written.
    pub total_x: f64,
    /// Where the sum is written.
    pub total_y: f64,
}

/// A chart of stacked bars.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// The prefix of the chart's ids (patterns, title).
    pub id: String,
    /// The accessible name.
    pub title: String,
    /// The accessible description (where the numbers are).
    pub desc: String,
    /// `viewBox` width.
    pub width: f64,
    /// `viewBox` height.
    pub height: f64,
    /// Horizontal bars (one per row) or vertical (one per period).
    pub horizontal: bool,
    /// The bars.
    pub bars: Vec<Bar>,
    /// The series, in stacking order (also the legend).
    pub series: Vec<Series>,
    /// The value axis.
    pub ticks: Vec<Tick>,
    /// The plot area: left, top, right, bottom.
    pub plot: (f64, f64, f64, f64),
}

impl BarChart {
    /// The `viewBox` attribute.
    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", self.width, self.height)
    }

    /// The id of a series' fill pattern.
    pub fn pattern_id(&self, series: &str) -> String {
        format!("{}-{}", self.id, series.replace('_', "-"))
    }
}

/// A row of data: a label and a number per series.
#[derive(Debug, Clone)]
pub struct DataRow {
    /// The label.
    pub label: String,
    /// The row's part of each segment key (`P3` in `P3/implemented`).
    pub key: String,
    /// One number per series, in series order.
    pub values: Vec<i64>,
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Ticks from zero to at least `max`, a round step apart, about four of them.
pub fn nice_ticks(max: i64) -> Vec<i64> {
    let max = max.max(1);
    let rough = max as f64 / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor()).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude)
        .max(1.0) as i64;
    let top = (max + step - 1) / step * step;
    (0..=top / step).map(|i| i * step).collect()
}

/// Shortens a label to `max` characters.
fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Horizontal stacked bars, one per row, the label above each bar.
pub fn horizontal(
    id: &str,
    title: String,
    desc: String,
    series: Vec<Series>,
    rows: &[DataRow],
) -> BarChart {
    const WIDTH: f64 = 720.0;
    const ROW: f64 = 56.0;
    const BAR: f64 = 24.0;
    const AXIS: f64 = 26.0;
    // Room on the left for the axis's first number, centred under zero.
    const LEFT: f64 = 10.0;
    let right = WIDTH - 56.0;
    let max = rows
        .iter()
        .map(|r| r.values.iter().sum::<i64>())
        .max()
        .unwrap_or(0);
    let ticks = nice_ticks(max);
    let top = *ticks.last().unwrap_or(&1) as f64;
    let scale = (right - LEFT) / top.max(1.0);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y0 = i as f64 * ROW;
            let bar_y = y0 + 22.0;
            let mut x = LEFT;
            let mut segments = Vec::new();
            for (s, value) in series.iter().zip(&row.values) {
                if *value <= 0 {
                    continue;
                }
                let width = *value as f64 * scale;
                let digits = value.to_string().len() as f64;
                segments.push(Segment {
                    key: format!("{}/{}", row.key, s.key),
                    series: s.key.clone(),
                    value: *value,
                    x: round1(x),
                    y: bar_y,
                    width: round1(width),
                    height: BAR,
                    label_at: (width >= digits * 9.0 + 8.0)
                        .then(|| (round1(x + width / 2.0), bar_y + BAR / 2.0 + 5.0)),
                    title: format!("{}, {}: {value}", row.label, s.label),
                });
                x += width;
            }
            Bar {
                label: shorten(&row.label, 88),
                label_x: LEFT,
                label_y: y0 + 15.0,
                show_label: true,
                segments,
                total: row.values.iter().sum(),
                total_x: round1(x + 8.0),
                total_y: bar_y + BAR / 2.0 + 5.0,
            }
        })
        .collect::<Vec<_>>();
    let plot_bottom = rows.len() as f64 * ROW;
    BarChart {
        id: id.to_owned(),
        title,
        desc,
        width: WIDTH,
        height: plot_bottom + AXIS,
        horizontal: true,
        ticks: ticks
            .iter()
            .map(|t| {
                let pos = round1(LEFT + *t as f64 * scale);
                Tick {
                    pos,
                    label: t.to_string(),
                    line: (pos, 0.0, pos, plot_bottom),
                    text_at: (pos, plot_bottom + 18.0),
                }
            })
            .collect(),
        bars,
        series,
        plot: (LEFT, 0.0, right, plot_bottom),
    }
}

/// Vertical stacked bars, one per period, with a value axis on the left.
pub fn vertical(
    id: &str,
    title: String,
    desc: String,
    series: Vec<Series>,
    rows: &[DataRow],
) -> BarChart {
    const WIDTH: f64 = 720.0;
    const HEIGHT: f64 = 320.0;
    // Room above the tallest bar for its total, and on the left for the axis's numbers.
    let (left, top, right, bottom) = (48.0, 28.0, WIDTH - 8.0, HEIGHT - 44.0);
    let max = rows
        .iter()
        .map(|r| r.values.iter().sum::<i64>())
        .max()
        .unwrap_or(0);
    let ticks = nice_ticks(max);
    let top_value = *ticks.last().unwrap_or(&1) as f64;
    let scale = (bottom - top) / top_value.max(1.0);
    let n = rows.len().max(1) as f64;
    let slot = (right - left) / n;
    let width = (slot * 0.7).min(56.0);
    // Write every k-th period label so that they do not run into each other.
    let every = ((n * 64.0) / (right - left)).ceil().max(1.0) as usize;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let x = left + slot * i as f64 + (slot - width) / 2.0;
            let mut y = bottom;
            let mut segments = Vec::new();
            for (s, value) in series.iter().zip(&row.values) {
                if *value <= 0 {
                    continue;
                }
                let height = *value as f64 * scale;
                y -= height;
                let digits = value.to_string().len() as f64;
                segments.push(Segment {
                    key: format!("{}/{}", row.key, s.key),
                    series: s.key.clone(),
                    value: *value,
                    x: round1(x),
                    y: round1(y),
                    width: round1(width),
                    height: round1(height),
                    label_at: (height >= 16.0 && width >= digits * 9.0 + 6.0)
                        .then(|| (round1(x + width / 2.0), round1(y + height / 2.0 + 5.0))),
                    title: format!("{}, {}: {value}", row.label, s.label),
                });
            }
            Bar {
                label: row.label.clone(),
                label_x: round1(x + width / 2.0),
                label_y: bottom + 20.0,
                show_label: i % every == 0,
                segments,
                total: row.values.iter().sum(),
                total_x: round1(x + width / 2.0),
                total_y: round1(y - 6.0),
            }
        })
        .collect();
    BarChart {
        id: id.to_owned(),
        title,
        desc,
        width: WIDTH,
        height: HEIGHT,
        horizontal: false,
        ticks: ticks
            .iter()
            .map(|t| {
                let pos = round1(bottom - *t as f64 * scale);
                Tick {
                    pos,
                    label: t.to_string(),
                    line: (left, pos, right, pos),
                    text_at: (left - 8.0, pos + 4.0),
                }
            })
            .collect(),
        bars,
        series,
        plot: (left, top, right, bottom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Vec<Series> {
        ["planned", "implemented"]
            .iter()
            .enumerate()
            .map(|(i, k)| Series {
                key: (*k).to_owned(),
                label: (*k).to_owned(),
                pattern: i,
            })
            .collect()
    }

    #[test]
    fn ticks_are_round_and_reach_the_largest_value() {
        assert_eq!(nice_ticks(0), [0, 1]);
        assert_eq!(nice_ticks(3), [0, 1, 2, 3]);
        assert_eq!(nice_ticks(7), [0, 2, 4, 6, 8]);
        assert_eq!(nice_ticks(37), [0, 10, 20, 30, 40]);
        assert_eq!(nice_ticks(180), [0, 50, 100, 150, 200]);
    }

    #[test]
    fn segments_are_as_long_as_their_numbers_and_zeros_are_left_out() {
        let rows = [
            DataRow {
                label: "P3".into(),
                key: "P3".into(),
                values: vec![2, 0],
            },
            DataRow {
                label: "P4".into(),
                key: "P4".into(),
                values: vec![1, 3],
            },
        ];
        let chart = horizontal("c", "t".into(), "d".into(), series(), &rows);
        let p3 = &chart.bars[0];
        assert_eq!(p3.segments.len(), 1);
        assert_eq!(p3.segments[0].key, "P3/planned");
        let p4 = &chart.bars[1];
        assert_eq!(p4.total, 4);
        let unit = p4.segments[0].width;
        assert!((p4.segments[1].width - 3.0 * unit).abs() < 0.2);
        assert!((p4.segments[1].x - p4.segments[0].x - unit).abs() < 0.2);

        let timeline = vertical("t", "t".into(), "d".into(), series(), &rows);
        let col = &timeline.bars[1];
        assert_eq!(col.segments[1].value, 3);
        assert!(col.segments[1].y < col.segments[0].y, "stacked upwards");
    }
}
