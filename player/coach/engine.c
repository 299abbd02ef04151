/* engine placeholder */
typedef int lb_engine_placeholder;
