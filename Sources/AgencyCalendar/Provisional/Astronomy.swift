import Foundation

/// The two astronomical quantities the Chinese calendar needs: the sun's apparent
/// ecliptic longitude (for the solar terms, 节气) and the instants of new moon (for the
/// lunar months).
///
/// The formulas are the standard ones of Jean Meeus, *Astronomical Algorithms* (2nd ed.):
/// the solar coordinates of chapter 25 (accurate to about 0.01°, i.e. about 15 minutes
/// of time for a solar term) and the new-moon series of chapter 49 (a few seconds). Times
/// are Julian Ephemeris Days (TT); `universalTime(_:)` converts to UT with the ΔT
/// polynomials of Espenak and Meeus. That precision decides a date wrongly only when an
/// event falls within minutes of midnight Beijing time, which is why these answers are
/// used for provisional years only and an official calendar always overrides them.
enum Astronomy {
    /// Julian Day of 2000-01-01 12:00 TT, the epoch of the series.
    static let j2000 = 2_451_545.0

    // MARK: The sun

    /// The sun's apparent geocentric longitude, in degrees 0..<360, at Julian Ephemeris
    /// Day `jde` (Meeus 25.2-25.8, with the nutation and aberration correction).
    static func solarLongitude(_ jde: Double) -> Double {
        let t = (jde - j2000) / 36_525
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let meanAnomaly = radians(357.52911 + 35_999.05029 * t - 0.0001537 * t * t)
        let center = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(meanAnomaly)
            + (0.019993 - 0.000101 * t) * sin(2 * meanAnomaly)
            + 0.000289 * sin(3 * meanAnomaly)
        let omega = radians(125.04 - 1_934.136 * t)
        return normalized(meanLongitude + center - 0.00569 - 0.00478 * sin(omega))
    }

    /// The instant (JDE) at which the sun's apparent longitude reaches `target` degrees,
    /// searching from `estimate` (within a few days of the answer). Newton's method on the
    /// sun's mean motion (360° in 365.2422 days) converges in a handful of steps.
    static func solarTerm(longitude target: Double, near estimate: Double) -> Double {
        var jde = estimate
        for _ in 0..<50 {
            var difference = target - solarLongitude(jde)
            difference -= 360 * (difference / 360).rounded()  // into -180...180
            let step = difference * 365.2422 / 360
            jde += step
            if abs(step) < 1e-7 { break }
        }
        return jde
    }

    // MARK: The moon

    /// The instant (JDE) of the new moon of lunation `k`, where k = 0 is the new moon of
    /// 2000-01-06 and each step is one synodic month (Meeus chapter 49, k integral).
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1_236.85
        let t2 = t * t, t3 = t2 * t, t4 = t3 * t
        var jde = 2_451_550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3
            + 0.00000000073 * t4
        let e = 1 - 0.002516 * t - 0.0000074 * t2
        let m = radians(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3)
        let mp = radians(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3
                         - 0.000000058 * t4)
        let f = radians(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3
                        + 0.000000011 * t4)
        let omega = radians(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3)

        let periodic: [(Double, Double)] = [
            (-0.40720, sin(mp)), (0.17241 * e, sin(m)), (0.01608, sin(2 * mp)),
            (0.01039, sin(2 * f)), (0.00739 * e, sin(mp - m)), (-0.00514 * e, sin(mp + m)),
            (0.00208 * e * e, sin(2 * m)), (-0.00111, sin(mp - 2 * f)), (-0.00057, sin(mp + 2 * f)),
            (0.00056 * e, sin(2 * mp + m)), (-0.00042, sin(3 * mp)), (0.00042 * e, sin(m + 2 * f)),
            (0.00038 * e, sin(m - 2 * f)), (-0.00024 * e, sin(2 * mp - m)), (-0.00017, sin(omega)),
            (-0.00007, sin(mp + 2 * m)), (0.00004, sin(2 * mp - 2 * f)), (0.00004, sin(3 * m)),
            (0.00003, sin(mp + m - 2 * f)), (0.00003, sin(2 * mp + 2 * f)),
            (-0.00003, sin(mp + m + 2 * f)), (0.00003, sin(mp - m + 2 * f)),
            (-0.00002, sin(mp - m - 2 * f)), (-0.00002, sin(3 * mp + m)), (0.00002, sin(4 * mp)),
        ]
        for (coefficient, value) in periodic { jde += coefficient * value }

        // Planetary arguments (Meeus table 49.B).
        let planetary: [(Double, Double, Double)] = [
            (299.77, 0.107408, 0.000325), (251.88, 0.016321, 0.000165),
            (251.83, 26.651886, 0.000164), (349.42, 36.412478, 0.000126),
            (84.66, 18.206239, 0.000110), (141.74, 53.303771, 0.000062),
            (207.14, 2.453732, 0.000060), (154.84, 7.306860, 0.000056),
            (34.52, 27.261239, 0.000047), (207.19, 0.121824, 0.000042),
            (291.34, 1.844379, 0.000040), (161.72, 24.198154, 0.000037),
            (239.56, 25.513099, 0.000035), (331.55, 3.592518, 0.000023),
        ]
        for (index, (base, rate, coefficient)) in planetary.enumerated() {
            var argument = base + rate * k
            if index == 0 { argument -= 0.009173 * t2 }
            jde += coefficient * sin(radians(argument))
        }
        return jde
    }

    /// The lunation number of the last new moon at or before `jde`.
    static func lunation(atOrBefore jde: Double) -> Int {
        var k = Int(((jde - 2_451_550.09766) / 29.530588861).rounded(.down))
        while newMoon(k + 1) <= jde { k += 1 }
        while newMoon(k) > jde { k -= 1 }
        return k
    }

    // MARK: Time scales

    /// ΔT = TT − UT in seconds for a decimal year (Espenak and Meeus, 2006, for
    /// 2005-2150; the parabola beyond). Its uncertainty, a minute or so by 2100, is far
    /// below the calendar's day resolution except for events at midnight.
    static func deltaT(year: Double) -> Double {
        switch year {
        case ..<2050:
            let t = year - 2000
            return 62.92 + 0.32217 * t + 0.005589 * t * t
        case ..<2150:
            let u = (year - 1820) / 100
            return -20 + 32 * u * u - 0.5628 * (2150 - year)
        default:
            let u = (year - 1820) / 100
            return -20 + 32 * u * u
        }
    }

    /// The Julian Day in UT of an instant given in TT.
    static func universalTime(_ jde: Double) -> Double {
        let year = 2000 + (jde - j2000) / 365.25
        return jde - deltaT(year: year) / 86_400
    }

    /// The civil date in a zone `offsetHours` east of Greenwich of the instant `jde` (TT).
    static func civilDate(_ jde: Double, offsetHours: Double) -> CivilDate {
        let local = universalTime(jde) + offsetHours / 24 + 0.5
        // Julian Day 2440587.5 is 1970-01-01 00:00 UT; `local` is shifted by half a day so
        // that whole days begin at local midnight.
        let dayNumber = Int((local - 2_440_588).rounded(.down))
        return CivilDate(dayNumber: dayNumber)
    }

    /// The JDE (TT) of local midnight starting `date` in a zone `offsetHours` east.
    static func startOfDay(_ date: CivilDate, offsetHours: Double) -> Double {
        let ut = Double(date.daysSince1970) + 2_440_587.5 - offsetHours / 24
        let year = Double(date.year) + Double(date.month - 1) / 12
        return ut + deltaT(year: year) / 86_400
    }

    static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }

    static func normalized(_ degrees: Double) -> Double {
        let value = degrees.truncatingRemainder(dividingBy: 360)
        return value < 0 ? value + 360 : value
    }
}
