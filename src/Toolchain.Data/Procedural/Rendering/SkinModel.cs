namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// Background skin under the dermatoscope: a base tone by Fitzpatrick type with per-case
/// jitter, smooth low-frequency shading and redness, fine texture and the slight central
/// brightness of dermatoscope lighting.
/// </summary>
internal sealed class SkinModel
{
    // Typical dermoscopic appearance of skin types I..VI (sRGB 0..255): pink-beige to dark brown.
    private static readonly Rgb[] BaseTones =
    [
        new(238, 200, 188),
        new(226, 180, 156),
        new(204, 152, 118),
        new(168, 118, 84),
        new(124, 82, 56),
        new(84, 56, 40),
    ];

    private readonly Rgb _tone;
    private readonly ValueNoise _shading, _redness, _texture;
    private readonly double _shadingAmplitude, _rednessAmplitude;

    public SkinModel(int fitzpatrick, SplitMix64 rng)
    {
        Rgb baseTone = BaseTones[fitzpatrick - 1];
        double brightness = Math.Clamp(1 + 0.05 * rng.NextGaussianApprox(), 0.85, 1.08);
        double warmth = 0.03 * rng.NextGaussianApprox();
        _tone = new Rgb(baseTone.R * brightness * (1 + warmth), baseTone.G * brightness, baseTone.B * brightness * (1 - warmth));
        _shading = new ValueNoise(rng.NextUInt64());
        _redness = new ValueNoise(rng.NextUInt64());
        _texture = new ValueNoise(rng.NextUInt64());
        _shadingAmplitude = rng.Uniform(0.04, 0.09);
        _rednessAmplitude = rng.Uniform(0.0, 0.10);
    }

    public Rgb Tone => _tone;

    public Rgb ColorAt(double u, double v)
    {
        double shade = 1 + _shadingAmplitude * (2 * _shading.Fractal(u * 2.5, v * 2.5, 2) - 1);
        double dx = u - 0.5, dy = v - 0.5;
        double lighting = 1.02 - 0.15 * (dx * dx + dy * dy);
        // Fine texture at a fixed physical scale, so it looks alike at every resolution.
        double grain = 1 + 0.035 * (2 * _texture.Fractal(u * 48, v * 48, 2) - 1);
        double red = _rednessAmplitude * _redness.Fractal(u * 3, v * 3, 2);
        double k = shade * lighting * grain;
        return new Rgb(_tone.R * k * (1 + 0.6 * red), _tone.G * k * (1 - red), _tone.B * k * (1 - 0.5 * red));
    }
}
