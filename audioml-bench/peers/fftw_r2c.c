/*
 * Peer of FftBenchmark: FFTW's double-precision real-to-complex forward transform (fftw_plan_dft_r2c_1d,
 * FFTW_MEASURE, out of place, one thread) for the sizes FftBenchmark measures (256..4096 and 400) on seeded uniform noise, as the physical-limit reference;
 * the time is the fastest of SLICES equal time slices (as JMH's best iteration).
 * Prints one JSON object per line: {"peer": "fftw 3.x", "n": N, "ns_per_fft": T}.
 *
 *   cc -O2 -o /tmp/fftw_r2c audioml-bench/peers/fftw_r2c.c -lfftw3 -lm && /tmp/fftw_r2c [seconds-per-size]
 *
 * FFTW_CLOCK=cpu times by thread CPU time (CLOCK_THREAD_CPUTIME_ID) instead of wall time, as FftKernelsRun does: on a
 * busy machine that keeps other processes' time out of both sides of the ratio.
 */
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLICES 5 /* time slices per size; the fastest one is reported */

static clockid_t clock_id = CLOCK_MONOTONIC;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(clock_id, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    if (!(seconds > 0)) {
        fprintf(stderr, "fftw_r2c: seconds-per-size must be > 0, got %s\n", argv[1]);
        return 2;
    }
    const char *clock_name = getenv("FFTW_CLOCK");
    if (clock_name != NULL && strcmp(clock_name, "cpu") == 0) {
        clock_id = CLOCK_THREAD_CPUTIME_ID;
    }
    unsigned long long seed = 42;
    static const int sizes[] = {256, 400, 512, 1024, 2048, 4096};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int n = sizes[s];
        double *in = fftw_malloc(sizeof(double) * n);
        fftw_complex *out = fftw_malloc(sizeof(fftw_complex) * (n / 2 + 1));
        fftw_plan plan = fftw_plan_dft_r2c_1d(n, in, out, FFTW_MEASURE); /* MEASURE overwrites in: fill after */
        for (int i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            in[i] = (double) (seed >> 11) / 9007199254740992.0 - 0.5;
        }
        double sink = 0;
        double end = now_seconds() + seconds / 4;
        while (now_seconds() < end) {
            fftw_execute(plan);
            sink += out[1][0];
        }
        long calls = 0;
        double best = 0;
        for (int slice = 0; slice < SLICES; slice++) { /* as JMH iterations: keep the fastest slice */
            long slice_calls = 0;
            double t0 = now_seconds();
            double t = t0;
            end = t0 + seconds / SLICES;
            while (t < end) {
                for (int k = 0; k < 64; k++) {
                    fftw_execute(plan);
                }
                sink += out[1][0];
                slice_calls += 64;
                t = now_seconds();
            }
            double per_call = (t - t0) / slice_calls;
            best = slice == 0 || per_call < best ? per_call : best;
            calls += slice_calls;
        }
        printf("{\"peer\": \"fftw %s\", \"n\": %d, \"ns_per_fft\": %.3f, \"calls\": %ld, \"sink\": %g}\n",
               fftw_version, n, best * 1e9, calls, sink);
        fflush(stdout);
        fftw_destroy_plan(plan);
        fftw_free(in);
        fftw_free(out);
    }
    return 0;
}
