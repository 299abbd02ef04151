/* Which SDL renderer the person asked for (--renderer). No SDL here: options use it too. */
#ifndef LB_RENDERER_CHOICE_H
#define LB_RENDERER_CHOICE_H

enum lb_renderer_choice {
    LB_RENDERER_AUTO,         /* accelerated on a real GPU, software where GL is a software one */
    LB_RENDERER_SOFTWARE,
    LB_RENDERER_ACCELERATED,
};

#endif
