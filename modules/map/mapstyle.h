#pragma once

#include <QColor>
#include <QRgb>

#include <cstdint>

namespace cg {

// Colours and thresholds of the map, in one place.
namespace MapStyle {

// Cells narrower than this many pixels are drawn aggregated (coverage, per-pixel choropleth), not outlined.
inline constexpr double AggregateBelowPixels = 5.0;
// More cases than this in view are drawn as dots by pixel, fewer as symbols.
inline constexpr int SymbolLimit = 20000;

QColor caseColour(uint8_t state);     // by state group
QColor overdueColour();               // red light
QRgb choroplethColour(int openCases); // 0: transparent
QColor gridOutlineColour();
QColor boundaryColour(int level);
double boundaryWidth(int level);

} // namespace MapStyle

} // namespace cg
