// The watchdog: the last line behind the instruction and memory limits. A run that is
// still going well past its wall-clock limit is stuck where no hook fires (inside a C
// library function the charged wrappers did not foresee). Nothing can unwind it safely
// from another thread, so the process ends: before the run's results were committed, so
// the store is exactly as it was. Only processes that opt in (the `agency` CLI) start it;
// a library user decides for itself.
#include "fa_shim.h"

#include <pthread.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

enum { FA_WATCHDOG_SLOTS = 64 };

static pthread_mutex_t fa_wd_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    const fa_limits *owner;
    double deadline;  ///< monotonic seconds: the run's deadline plus the grace period
    double limit;     ///< the run's time limit, for the message
    char label[160];  ///< what the run was doing (instance, hook)
} fa_wd_runs[FA_WATCHDOG_SLOTS];
static int fa_wd_started;
static double fa_wd_grace;
static int fa_wd_exit_code;

static void *fa_watchdog_main(void *unused) {
    (void)unused;
    struct timespec pause = {0, 50 * 1000 * 1000};
    for (;;) {
        nanosleep(&pause, NULL);
        double now = fa_monotonic_now();
        pthread_mutex_lock(&fa_wd_lock);
        for (int i = 0; i < FA_WATCHDOG_SLOTS; i++) {
            if (fa_wd_runs[i].owner != NULL && now > fa_wd_runs[i].deadline) {
                char message[512];
                int length = snprintf(message, sizeof message,
                    "agency: a workflow script%s%s ran %.1f s past its time limit of %.1f s inside a "
                    "library function, where no limit can stop it; stopped before anything was "
                    "written. Fix the script (Docs/lua-runtime.md, \"Limits\").\n",
                    fa_wd_runs[i].label[0] ? " " : "", fa_wd_runs[i].label,
                    now - fa_wd_runs[i].deadline + fa_wd_grace, fa_wd_runs[i].limit);
                if (length > 0) (void)!write(2, message, (size_t)length < sizeof message ? (size_t)length : sizeof message - 1);
                _exit(fa_wd_exit_code);
            }
        }
        pthread_mutex_unlock(&fa_wd_lock);
    }
    return NULL;
}

int fa_watchdog_start(double grace_seconds, int exit_code) {
    pthread_mutex_lock(&fa_wd_lock);
    int result = 0;
    if (!fa_wd_started) {
        fa_wd_grace = grace_seconds;
        fa_wd_exit_code = exit_code;
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        result = pthread_create(&thread, &attributes, fa_watchdog_main, NULL);
        pthread_attr_destroy(&attributes);
        if (result == 0) fa_wd_started = 1;
    }
    pthread_mutex_unlock(&fa_wd_lock);
    return result;
}

void fa_watchdog_arm(const fa_limits *lim) {
    if (lim->time_limit <= 0) return;
    pthread_mutex_lock(&fa_wd_lock);
    if (fa_wd_started) {
        for (int i = 0; i < FA_WATCHDOG_SLOTS; i++) {
            if (fa_wd_runs[i].owner == NULL || fa_wd_runs[i].owner == lim) {
                fa_wd_runs[i].owner = lim;
                fa_wd_runs[i].deadline = lim->deadline + fa_wd_grace;
                fa_wd_runs[i].limit = lim->time_limit;
                memcpy(fa_wd_runs[i].label, lim->label, sizeof fa_wd_runs[i].label);
                fa_wd_runs[i].label[sizeof fa_wd_runs[i].label - 1] = 0;
                break;
            }
        }
    }
    pthread_mutex_unlock(&fa_wd_lock);
}

void fa_watchdog_disarm(const fa_limits *lim) {
    pthread_mutex_lock(&fa_wd_lock);
    for (int i = 0; i < FA_WATCHDOG_SLOTS; i++) {
        if (fa_wd_runs[i].owner == lim) fa_wd_runs[i].owner = NULL;
    }
    pthread_mutex_unlock(&fa_wd_lock);
}
