//! The uptake figures as tables, downloadable as CSV and as an Excel workbook.

use rust_xlsxwriter::{Format, Workbook};

use super::{Coverage, RecommendationUptake, TimelinePoint, ToolUptake, statuses};
use crate::i18n::Locale;

/// A cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Number(i64),
}

/// A table with a title and column headers.
#[derive(Debug, Clone)]
pub struct Table {
    /// Sheet name and file name stem.
    pub name: String,
    /// Column headers in the caller's language.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// CSV, UTF-8 with a BOM so spreadsheet programs read æøå right.
    pub fn to_csv(&self) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(&self.headers)?;
            for row in &self.rows {
                w.write_record(row.iter().map(|c| match c {
                    Cell::Text(t) => t.clone(),
                    Cell::Number(n) => n.to_string(),
                }))?;
            }
            w.flush()?;
        }
        Ok(out)
    }

    /// An Excel workbook with one sheet; counts are numbers, headers bold.
    pub fn to_xlsx(&self) -> anyhow::Result<Vec<u8>> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let name: String = self.name.chars().take(31).collect();
        sheet.set_name(&name)?;
        let bold = Format::new().set_bold();
        for (col, h) in self.headers.iter().enumerate() {
            sheet.write_string_with_format(0, u16::try_from(col)?, h, &bold)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)?;
            for (col, cell) in row.iter().enumerate() {
                let col = u16::try_from(col)?;
                match cell {
                    Cell::Text(t) => sheet.write_string(r, col, t)?,
                    Cell::Number(n) => sheet.write_number(r, col, *n as f64)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
        Ok(book.save_to_buffer()?)
    }
}

fn status_headers(locale: Locale) -> Vec<String> {
    statuses()
        .into_iter()
        .map(|s| locale.text(&format!("status-{}", s.replace('_', "-"))))
        .collect()
}

/// The recommendations table.
pub fn recommendations(rows: &[RecommendationUptake], locale: Locale) -> Table {
    let mut headers = vec![
        locale.text("uptake-col-code"),
        locale.text("uptake-col-recommendation"),
        locale.text("uptake-col-collaborations"),
        locale.text("uptake-col-municipalities"),
    ];
    headers.extend(status_headers(locale));
    headers.extend(statuses().into_iter().map(|s| {
        locale.text_with(
            "uptake-col-municipalities-in",
            &[(
                "status",
                locale.text(&format!("status-{}", s.replace('_', "-"))),
            )],
        )
    }));
    Table {
        name: locale.text("uptake-table-recommendations"),
        headers,
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    Cell::Text(r.code.clone()),
                    Cell::Text(r.title.clone()),
                    Cell::Number(r.collaborations),
                    Cell::Number(r.municipalities),
                ];
                row.extend(
                    statuses()
                        .into_iter()
                        .map(|s| Cell::Number(r.by_status.get(s).copied().unwrap_or(0))),
                );
                row.extend(statuses().into_iter().map(|s| {
                    Cell::Number(r.municipalities_by_status.get(s).copied().unwrap_or(0))
                }));
                row
            })
            .collect(),
    }
}

/// A timeline table.
pub fn timeline(code: &str, points: &[TimelinePoint], locale: Locale) -> Table {
    let mut headers = vec![locale.text("uptake-col-period")];
    headers.extend(status_headers(locale));
    Table {
        name: format!("{} {code}", locale.text("uptake-table-timeline")),
        headers,
        rows: points
            .iter()
            .map(|p| {
                let mut row = vec![Cell::Text(p.period.clone())];
                row.extend(
                    statuses()
                        .into_iter()
                        .map(|s| Cell::Number(p.by_status.get(s).copied().unwrap_or(0))),
                );
                row
            })
            .collect(),
    }
}

/// The toolbox table.
pub fn toolbox(rows: &[ToolUptake], locale: Locale) -> Table {
    let outcomes = ["helped", "neutral", "did_not_help", "not_reported"];
    let mut headers = vec![
        locale.text("uptake-col-tool"),
        locale.text("uptake-col-title"),
        locale.text("uptake-col-collaborations"),
    ];
    headers.extend(
        outcomes
            .iter()
            .map(|o| locale.text(&format!("outcome-{}", o.replace('_', "-")))),
    );
    Table {
        name: locale.text("uptake-table-toolbox"),
        headers,
        rows: rows
            .iter()
            .map(|t| {
                let mut row = vec![
                    Cell::Text(t.slug.clone()),
                    Cell::Text(t.title.clone()),
                    Cell::Number(t.collaborations),
                ];
                row.extend(
                    outcomes
                        .iter()
                        .map(|o| Cell::Number(t.outcomes.get(*o).copied().unwrap_or(0))),
                );
                row
            })
            .collect(),
    }
}

/// The coverage table, one row per municipality.
pub fn coverage(c: &Coverage, locale: Locale) -> Table {
    Table {
        name: locale.text("uptake-table-coverage"),
        headers: vec![
            locale.text("uptake-col-municipality-code"),
            locale.text("uptake-col-municipality"),
            locale.text("uptake-col-region"),
            locale.text("uptake-col-collaborations"),
        ],
        rows: c
            .municipalities
            .iter()
            .map(|m| {
                let region = c
                    .regions
                    .iter()
                    .find(|r| r.code == m.region_code)
                    .map(|r| r.name.clone())
                    .unwrap_or_default();
                vec![
                    Cell::Text(m.code.clone()),
                    Cell::Text(m.name.clone()),
                    Cell::Text(region),
                    Cell::Number(m.collaborations),
                ]
            })
            .collect(),
    }
}
