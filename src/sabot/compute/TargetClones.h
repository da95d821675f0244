#pragma once

// The hottest kernel loops are compiled twice: for x86-64-v3 (AVX2, BMI2,
// POPCNT; Intel Haswell / AMD Excavator and later) and for the baseline the
// build targets, and the dynamic loader picks one per machine through an
// ifunc (GCC `target_clones`; clang 14 cannot clone templates, so clang
// builds get the baseline loops only). The build's flags stay portable while
// the loops get 256-bit vectors where the CPU has them.
//
// Only use it on functions with internal linkage (anonymous namespace):
// clones of inline or template functions shared across files would
// otherwise be merged by the linker unpredictably.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SABOT_NO_TARGET_CLONES)
#define SABOT_TARGET_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SABOT_TARGET_CLONES
#endif
