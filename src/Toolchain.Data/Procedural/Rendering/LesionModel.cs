namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// A melanocytic lesion. Its border is a star-shaped curve r(theta) = r0 (1 + sum_k a_k cos(k theta - phi_k))
/// on a rotated, stretched frame: a nevus has a near-elliptic, smooth border and one uniform brown;
/// a melanoma is larger, asymmetric (strong low harmonics), notched (high harmonics) and shows
/// several colours: light and dark brown, black blotches, a blue-grey veil, pink-red areas.
/// Pigment multiplies the skin colour (it absorbs light), so lesions stay darker than the skin on every skin type.
/// A look between 0 (nevus) and 1 (melanoma) blends the two: size, border and colours move from one to the other
/// on the same random draws, so a melanoma with a low look resembles a nevus (diagnosis overlap).
/// </summary>
internal sealed class LesionModel
{
    private const int MaxHarmonic = 11;

    private readonly double _cx, _cy, _r0, _cos, _sin, _aspect;
    private readonly double[] _amplitude = new double[MaxHarmonic + 1];
    private readonly double[] _phaseCos = new double[MaxHarmonic + 1];
    private readonly double[] _phaseSin = new double[MaxHarmonic + 1];
    private readonly double _look;
    private readonly ValueNoise _tint, _blotches, _veil, _regression;

    // Nevus appearance.
    private readonly Rgb _nevusPigment;
    private readonly double _centreDarkening;

    // Melanoma appearance.
    private readonly Rgb _lightBrown, _darkBrown, _black;
    private readonly double _blotchThreshold, _veilThreshold, _regressionThreshold;
    private readonly bool _hasVeil, _hasRegression;
    private readonly double _darkFocusX, _darkFocusY;

    public LesionModel(bool melanoma, SplitMix64 rng) : this(melanoma ? 1.0 : 0.0, rng)
    {
    }

    /// <param name="look">0 draws a nevus, 1 a melanoma, values between blend the two.</param>
    public LesionModel(double look, SplitMix64 rng)
    {
        if (!(look >= 0 && look <= 1)) throw new ArgumentOutOfRangeException(nameof(look), look, "A lesion's look must be in [0, 1].");
        _look = look;
        _cx = 0.5 + rng.Uniform(-0.07, 0.07);
        _cy = 0.5 + rng.Uniform(-0.07, 0.07);
        double size = rng.NextDouble();
        _r0 = Blend(Between(0.085, 0.17, size), Between(0.17, 0.28, size));
        (_sin, _cos) = StableMath.SinCos(rng.Uniform(0, Math.PI));
        double stretch = rng.NextDouble();
        _aspect = Blend(Between(1.0, 1.3, stretch), Between(1.0, 1.45, stretch));

        for (int k = 1; k <= MaxHarmonic; k++)
        {
            (_phaseSin[k], _phaseCos[k]) = StableMath.SinCos(rng.Uniform(0, 2 * Math.PI));
            double amplitude = rng.NextDouble();
            double melanomaAmplitude = k switch
            {
                1 => 0.08 + 0.10 * amplitude,   // lopsided
                2 or 3 => 0.06 + 0.09 * amplitude,
                <= 5 => 0.02 + 0.05 * amplitude,
                _ => 0.015 + 0.035 * amplitude, // notches
            };
            double nevusAmplitude = k switch
            {
                3 => 0.02 * amplitude,           // barely perceptible wobble
                4 => 0.012 * amplitude,
                _ => 0,
            };
            _amplitude[k] = Blend(nevusAmplitude, melanomaAmplitude);
        }

        _tint = new ValueNoise(rng.NextUInt64());
        _blotches = new ValueNoise(rng.NextUInt64());
        _veil = new ValueNoise(rng.NextUInt64());
        _regression = new ValueNoise(rng.NextUInt64());

        double shade = rng.NextDouble();
        _nevusPigment = Rgb.Lerp(new Rgb(0.66, 0.52, 0.44), new Rgb(0.42, 0.30, 0.25), shade);
        _centreDarkening = rng.Uniform(-0.08, 0.22);

        _lightBrown = Rgb.Lerp(new Rgb(0.62, 0.45, 0.36), new Rgb(0.52, 0.37, 0.29), rng.NextDouble());
        _darkBrown = Rgb.Lerp(new Rgb(0.36, 0.24, 0.19), new Rgb(0.28, 0.18, 0.14), rng.NextDouble());
        _black = new Rgb(0.13, 0.11, 0.11);
        _blotchThreshold = rng.Uniform(0.50, 0.62);
        _hasVeil = rng.Bernoulli(0.75);
        _veilThreshold = rng.Uniform(0.48, 0.58);
        _hasRegression = rng.Bernoulli(0.65);
        _regressionThreshold = rng.Uniform(0.46, 0.56);
        _darkFocusX = rng.Uniform(-0.5, 0.5);
        _darkFocusY = rng.Uniform(-0.5, 0.5);
    }

    // The same operations as SplitMix64.Uniform on one draw, so a pure nevus or melanoma keeps its bytes.
    private static double Between(double min, double max, double draw) => min + (max - min) * draw;

    // Exact at the ends: a pure nevus or melanoma gets the unblended value bit for bit.
    private double Blend(double nevus, double melanoma) =>
        _look == 0 ? nevus : _look == 1 ? melanoma : StableMath.Lerp(nevus, melanoma, _look);

    public double CentreX => _cx;

    public double CentreY => _cy;

    /// <summary>An upper bound of the border's distance from the centre.</summary>
    public double OuterRadius
    {
        get
        {
            double sum = 1;
            for (int k = 1; k <= MaxHarmonic; k++) sum += _amplitude[k];
            return _r0 * _aspect * sum;
        }
    }

    /// <summary>Distance from the centre relative to the border in the same direction: below 1 is inside.</summary>
    public double RelativeRadius(double u, double v, out double localX, out double localY)
    {
        double qx = u - _cx, qy = v - _cy;
        double x = (qx * _cos + qy * _sin) / _aspect;
        double y = -qx * _sin + qy * _cos;
        localX = x / _r0;
        localY = y / _r0;
        double rho = Math.Sqrt(x * x + y * y);
        if (rho < 1e-12) return 0;

        // cos(k theta), sin(k theta) by repeated complex multiplication: no angle needed.
        double c1 = x / rho, s1 = y / rho, ck = 1, sk = 0, border = 1;
        for (int k = 1; k <= MaxHarmonic; k++)
        {
            double next = ck * c1 - sk * s1;
            sk = sk * c1 + ck * s1;
            ck = next;
            if (_amplitude[k] != 0)
                border += _amplitude[k] * (ck * _phaseCos[k] + sk * _phaseSin[k]);
        }
        return rho / (_r0 * border);
    }

    public bool Contains(double u, double v) => RelativeRadius(u, v, out _, out _) < 1;

    public void Rasterise(CoverageLayer layer)
    {
        double reach = OuterRadius;
        layer.FillWhere(_cx - reach, _cy - reach, _cx + reach, _cy + reach, Contains);
    }

    /// <summary>Lesion colour at (u, v) over the given skin colour.</summary>
    public Rgb ColorAt(double u, double v, Rgb skin)
    {
        double d = Math.Min(RelativeRadius(u, v, out double lx, out double ly), 1);
        if (_look == 1) return MelanomaColor(d, lx, ly, skin);
        if (_look == 0) return NevusColor(d, lx, ly, skin);
        return Rgb.Lerp(NevusColor(d, lx, ly, skin), MelanomaColor(d, lx, ly, skin), _look);
    }

    private Rgb NevusColor(double d, double lx, double ly, Rgb skin)
    {
        double mottle = 1 + 0.08 * (2 * _tint.Fractal(lx * 2.5, ly * 2.5, 2) - 1);
        Rgb pigment = _nevusPigment * (mottle * (1 - _centreDarkening * (1 - d * d)));
        // Pigment thins out over the outer rim, giving a soft but regular edge.
        pigment = Rgb.Lerp(pigment, new Rgb(1, 1, 1), 0.4 * StableMath.SmoothStep(0.82, 1.0, d));
        return skin * pigment;
    }

    private Rgb MelanomaColor(double d, double lx, double ly, Rgb skin)
    {
        // Light/dark brown zones, darker towards an off-centre focus (asymmetric pigmentation).
        double fx = lx - _darkFocusX, fy = ly - _darkFocusY;
        double focus = 0.25 * (1 - StableMath.Clamp01(Math.Sqrt(fx * fx + fy * fy)));
        double zone = _tint.Fractal(lx * 1.6, ly * 1.6, 3) + focus;
        Rgb pigment = Rgb.Lerp(_lightBrown, _darkBrown, StableMath.SmoothStep(0.42, 0.64, zone));

        // Black blotches and dots; a fine octave breaks their outline into irregular dots.
        double blotchField = _blotches.Fractal(lx * 2.2, ly * 2.2, 3) + 0.5 * focus;
        double blotch = StableMath.SmoothStep(_blotchThreshold, _blotchThreshold + 0.1, blotchField);
        pigment = Rgb.Lerp(pigment, _black, 0.9 * blotch * (1 - StableMath.SmoothStep(0.85, 1.0, d)));
        Rgb color = skin * pigment;

        // Absolute colours are scaled by skin brightness so they read as lesion, not paint, on dark skin.
        double skinScale = 0.55 + 0.45 * Math.Min(skin.Luma / 200.0, 1.1);
        if (_hasVeil)
        {
            // Blue-white veil: a hazy grey-blue cast over part of the lesion, not a flat patch.
            double veil = StableMath.SmoothStep(_veilThreshold, _veilThreshold + 0.16, _veil.Fractal(lx * 1.4 + 3.1, ly * 1.4, 3));
            color = Rgb.Lerp(color, new Rgb(112, 124, 146) * skinScale, 0.7 * veil * (1 - StableMath.SmoothStep(0.75, 0.95, d)));
        }
        if (_hasRegression)
        {
            // Pink-red areas (regression, vessels), mostly towards the periphery.
            double pink = StableMath.SmoothStep(_regressionThreshold, _regressionThreshold + 0.16, _regression.Fractal(lx * 1.5, ly * 1.5 - 2.3, 3));
            color = Rgb.Lerp(color, new Rgb(206, 112, 120) * skinScale, 0.65 * pink * StableMath.SmoothStep(0.25, 0.6, d));
        }
        return color;
    }
}
