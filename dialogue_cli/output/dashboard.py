"""placeholder"""
def print_dashboard(report, stream, *, terminal=False):
    stream.write("dashboard\n")
