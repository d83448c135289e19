def main(argv=None):
    print("secsc: not yet")
    return 0
