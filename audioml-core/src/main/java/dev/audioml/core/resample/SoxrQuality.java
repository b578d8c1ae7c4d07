// SPDX-License-Identifier: LGPL-2.1-or-later
// A port of libsoxr (SoX Resampler Library, Copyright (c) 2007-18 robs@users.sourceforge.net), so this file keeps
// libsoxr's license, not the project's Apache-2.0; see NOTICE.
package dev.audioml.core.resample;

import java.util.Locale;

/**
 * The quality recipes of libsoxr that python-soxr (and so {@code librosa.resample}/{@code librosa.load}) exposes, by
 * their librosa {@code res_type} names. Each maps to the recipe number libsoxr's {@code soxr_quality_spec(recipe, 0)}
 * takes ({@code SOXR_QQ} .. {@code SOXR_VHQ} in {@code soxr.h}); {@link SoxrResampler} derives the precision, pass-band
 * end and roll-off from it exactly as that function does.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public enum SoxrQuality {
    /** {@code soxr_qq}: 'quick' cubic interpolation ({@code SOXR_QQ}, recipe 0). */
    QQ(0),
    /** {@code soxr_lq}: 16-bit, large roll-off ({@code SOXR_LQ}, recipe 1). */
    LQ(1),
    /** {@code soxr_mq}: 16-bit, medium roll-off ({@code SOXR_MQ}, recipe 2). */
    MQ(2),
    /** {@code soxr_hq}: 20-bit, librosa's default ({@code SOXR_HQ} = {@code SOXR_20_BITQ}, recipe 4). */
    HQ(4),
    /** {@code soxr_vhq}: 28-bit, double precision ({@code SOXR_VHQ} = {@code SOXR_28_BITQ}, recipe 6). */
    VHQ(6);

    private final int recipe;

    SoxrQuality(int recipe) {
        this.recipe = recipe;
    }

    /** @return libsoxr's recipe number ({@code soxr.h}) */
    public int recipe() {
        return recipe;
    }

    /**
     * @param resType a librosa {@code res_type} name ({@code "soxr_hq"}, ...)
     * @return the quality, or {@code null} if the name is not one of the soxr recipes
     */
    public static SoxrQuality fromResType(String resType) {
        for (SoxrQuality q : values()) {
            if (q.resType().equals(resType)) {
                return q;
            }
        }
        return null;
    }

    /** @return the librosa {@code res_type} name, e.g. {@code "soxr_hq"} */
    public String resType() {
        return "soxr_" + name().toLowerCase(Locale.ROOT);
    }
}
